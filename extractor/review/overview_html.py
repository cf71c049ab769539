"""The overview section: figures, tables and SVG charts of a batch."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from extractor.labels import FORMAT_WORDS, MET_WORDS, SEVERITY_WORDS, error_name, finding_name, severity_label
from extractor.review.charts import Bar, Part, bar_chart, heatmap
from extractor.review.load import Failure
from extractor.review.overview import RATE_BINS, RATE_FULL, RATE_OVER, SEVERITIES, Overview, rounded

_MAX_REGIONS = 25
_MAX_FUNDS = 20
_MAX_ERROR_ROWS = 500
_TEN_THOUSAND = Decimal(10000)


def wan(yuan: Decimal) -> str:
    """Yuan as 万元 with two decimals and thousands separators."""
    return format(rounded(yuan / _TEN_THOUSAND), ",f")


def rate_text(rate: Decimal | None) -> str:
    return "—" if rate is None else f"{rounded(rate)}%"


def overview_html(view: Overview, failed: Sequence[Failure]) -> str:
    """The overview; `failed` are the files that could not be read (listed with their code and message)."""
    return "".join([
        _cards(view),
        '<div class="grid">',
        _formats(view),
        _findings(view),
        _rates(view),
        _region_year(view),
        _funds(view),
        _indicators(view),
        "</div>",
        _error_documents(failed),
    ])


def _fig(key: str, value: object) -> str:
    return f'<span data-figure="{escape(key)}">{escape(str(value))}</span>'


def _cards(view: Overview) -> str:
    cards = [("报告数（副本计一份）", "reports", view.reports), ("文档总数", "documents", view.documents),
             ("读取成功", "read", view.read), ("读取失败", "failed", view.failed)]
    cards += [(f"{severity_label(s)}（条）", f"severity:{s}", view.severities[s]) for s in SEVERITIES]
    cards.append(("含错误的报告", "documents_with:error", view.documents_with["error"]))
    items = "".join(f'<div class="card"><div class="card-label">{escape(label)}</div>'
                    f'<div class="card-value">{_fig(key, value)}</div></div>' for label, key, value in cards)
    return f'<div class="cards">{items}</div>'


def _formats(view: Overview) -> str:
    rows = "".join(
        f'<tr><th scope="row">{escape(FORMAT_WORDS.get(fmt, fmt))}</th>'
        f'<td class="num">{_fig(f"format:{fmt}:ok", counts["ok"])}</td>'
        f'<td class="num">{_fig(f"format:{fmt}:error", counts["error"])}</td></tr>'
        for fmt, counts in sorted(view.by_format.items())
    )
    errors = "".join(
        f'<tr><th scope="row"><code>{escape(code)}</code> {escape(error_name(code))}</th>'
        f'<td class="num">{_fig(f"error:{code}", count)}</td></tr>'
        for code, count in view.error_codes.most_common()
    )
    error_table = (f'<table class="data"><caption>读取失败原因</caption><thead><tr><th scope="col">错误代码</th>'
                   f'<th scope="col">文档数</th></tr></thead><tbody>{errors}</tbody></table>') if errors else ""
    return (f'<figure class="chart-box"><figcaption>文档格式与读取状态（每个文件，副本也计）</figcaption>'
            f'<table class="data"><thead><tr><th scope="col">格式</th><th scope="col">读取成功</th>'
            f'<th scope="col">读取失败</th></tr></thead><tbody>{rows}</tbody></table>{error_table}</figure>')


def _findings(view: Overview) -> str:
    bars = [
        Bar(f"{finding_name(code)}（{SEVERITY_WORDS.get(sev, sev)}）", [Part(Decimal(n), f"sev-{sev}")], str(n),
            tooltip=f"{code}：{finding_name(code)}，{severity_label(sev)}，{n} 条", figure=f"finding:{code}:{sev}")
        for (code, sev), n in sorted(view.findings.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    legend = [(f"sev-{s}", severity_label(s)) for s in SEVERITIES]
    return bar_chart("问题按代码与严重程度（条）", bars, legend)


def _rates(view: Overview) -> str:
    labels = [label for label, _ in RATE_BINS] + [RATE_FULL, RATE_OVER]
    bars = [Bar(label, [Part(Decimal(view.rate_bins[label]), "rate-over" if label == RATE_OVER else "rate")],
                f"{view.rate_bins[label]} 份", figure=f"rate:{label}") for label in labels]
    chart = bar_chart("预算执行率分布（文档数）", bars, [])
    note = (f'<p class="note">执行率按执行数÷预算数重新计算，缺金额时用文中所写执行率；'
            f'{_fig("rate:none", view.without_rate)} 份文档无执行率。</p>')
    return chart.replace("</figure>", note + "</figure>")


def _region_year(view: Overview) -> str:
    per_region: dict[str, int] = {}
    for (region, _), totals in view.region_year.items():
        per_region[region] = per_region.get(region, 0) + totals.documents
    regions = sorted(per_region, key=lambda r: (-per_region[r], r))
    shown = regions[:_MAX_REGIONS]
    years = sorted({year for _, year in view.region_year}, key=lambda y: (y is None, y or 0))
    cols = [str(y) if y is not None else "未注明" for y in years]
    cells: dict[tuple[int, int], tuple[Decimal, str, str]] = {}
    for r, region in enumerate(shown):
        for c, year in enumerate(years):
            money = view.region_year.get((region, year))
            if money is None or money.rate is None:
                continue
            text = rate_text(money.rate)
            cells[(r, c)] = (money.rate, text, f"{region} {cols[c]}年：执行率 {text}，预算 {wan(money.budget)} 万元，"
                                                 f"执行 {wan(money.executed)} 万元，{money.documents} 份文档")
    note = "执行率 = 该地区该年度各文档执行数之和 ÷ 预算数之和。"
    if len(regions) > len(shown):
        note += f"按文档数列出前 {len(shown)} 个地区，其余 {len(regions) - len(shown)} 个未列出。"
    return heatmap("执行率：地区 × 年度", shown, cols, cells, note)


def _funds(view: Overview) -> str:
    ordered = sorted(view.funds.items(), key=lambda kv: (-kv[1].budget, kv[0]))[:_MAX_FUNDS]
    bars = [
        Bar(name, [Part(m.budget / _TEN_THOUSAND, "budget", f"fund:{name}:budget"),
                   Part(m.executed / _TEN_THOUSAND, "executed", f"fund:{name}:executed")], "",
            tooltip=f"{name}：预算 {wan(m.budget)} 万元，执行 {wan(m.executed)} 万元，执行率 {rate_text(m.rate)}",
            subtexts=[f"{wan(m.budget)}", f"{wan(m.executed)}（{rate_text(m.rate)}）"])
        for name, m in ordered
    ]
    title = "按资金的预算数与执行数（万元）"
    if len(view.funds) > len(ordered):
        title += f"，前 {len(ordered)} 项"
    return bar_chart(title, bars, [("budget", "预算数"), ("executed", "执行数")], grouped=True)


def _indicators(view: Overview) -> str:
    keys = ("met", "unmet", "unjudged")
    ordered = sorted(view.indicators.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    bars = [
        Bar(level2, [Part(Decimal(c[k]), f"ind-{k}", f"ind:{level2}:{k}") for k in keys],
            " / ".join(str(c[k]) for k in keys),
            tooltip=f"{level2}：" + "，".join(f"{MET_WORDS[k]} {c[k]}" for k in keys))
        for level2, c in ordered
    ]
    legend = [(f"ind-{k}", MET_WORDS[k]) for k in keys]
    return bar_chart("绩效指标达成情况（按二级指标：达成 / 未达成 / 无法判断）", bars, legend)


def _error_documents(failed: Sequence[Failure]) -> str:
    if not failed:
        return ""
    rows = "".join(
        f'<tr><td class="path">{escape(e.path)}</td><td><code>{escape(e.code)}</code></td>'
        f'<td>{escape(error_name(e.code))}</td><td>{escape(e.message)}</td></tr>'
        for e in failed[:_MAX_ERROR_ROWS]
    )
    more = (f'<p class="note">另有 {len(failed) - _MAX_ERROR_ROWS} 份，见下方文档列表（状态：读取失败）。</p>'
            if len(failed) > _MAX_ERROR_ROWS else "")
    return (f'<section aria-labelledby="errors-title"><h2 id="errors-title">读取失败的文档（{len(failed)} 份）</h2>'
            f'<table class="data" id="error-table"><thead><tr><th scope="col">文件</th><th scope="col">错误代码</th>'
            f'<th scope="col">原因</th><th scope="col">说明</th></tr></thead><tbody>{rows}</tbody></table>'
            f"{more}</section>")
