"""Charts as inline SVG, drawn here so the report needs no script library and prints as is.

Every bar carries its number as text (and a tooltip), so a value never rests on length or
colour alone; `data-figure` keys let tests read the figures back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

_WIDTH = 680
_BAR = 18
_GAP = 8
_VALUE_SPACE = 150
_CHAR = 12.5  # width of a CJK character at the chart's font size


@dataclass(slots=True)
class Part:
    value: Decimal
    css: str
    figure: str = ""  # data-figure key of this part's number


@dataclass(slots=True)
class Bar:
    label: str
    parts: list[Part]
    text: str  # the number(s) written after the bar
    tooltip: str = ""
    figure: str = ""  # data-figure key of the whole bar's text
    subtexts: list[str] = field(default_factory=list)


def bar_chart(title: str, bars: Sequence[Bar], legend: Sequence[tuple[str, str]], grouped: bool = False) -> str:
    """Horizontal bars, stacked (parts add up) or grouped (one thin bar per part)."""
    if not bars:
        return _figure(title, '<p class="empty">无数据</p>')
    label_width = min(230.0, max(_text_width(b.label) for b in bars) + 14)
    plot = _WIDTH - label_width - _VALUE_SPACE
    scale_max = max(_bar_max(b, grouped) for b in bars) or Decimal(1)
    row_height = _BAR * (len(bars[0].parts) if grouped else 1) + _GAP
    height = row_height * len(bars) + 4
    rows: list[str] = []
    for index, bar in enumerate(bars):
        y = index * row_height + 2
        rows.append(_bar_row(bar, y, label_width, plot, scale_max, grouped))
    svg = (f'<svg class="chart" viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" height="{height}" '
           f'role="img" aria-label="{escape(title)}">' + "".join(rows) + "</svg>")
    return _figure(title, _legend(legend) + svg)


def _bar_max(bar: Bar, grouped: bool) -> Decimal:
    values = [p.value for p in bar.parts]
    return max(values, default=Decimal(0)) if grouped else sum(values, Decimal(0))


def _bar_row(bar: Bar, y: float, label_width: float, plot: float, scale_max: Decimal, grouped: bool) -> str:
    out = [f'<g class="bar"><title>{escape(bar.tooltip or bar.label + "：" + bar.text)}</title>',
           f'<text class="label" x="{label_width - 6:.1f}" y="{y + _BAR * 0.72:.1f}" text-anchor="end">'
           f"{escape(_clip(bar.label, label_width))}</text>"]
    x = label_width
    end = label_width
    for k, part in enumerate(bar.parts):
        width = float(part.value / scale_max) * plot if scale_max else 0.0
        top = y + (k * _BAR if grouped else 0)
        height = _BAR - (3 if grouped else 2)
        figure = f' data-figure="{escape(part.figure)}" data-value="{part.value}"' if part.figure else ""
        out.append(f'<rect class="{part.css}" x="{x:.1f}" y="{top:.1f}" width="{max(width, 0.0):.1f}" '
                   f'height="{height}"{figure}/>')
        if grouped:
            end = max(end, label_width + width)
            if k < len(bar.subtexts):
                out.append(f'<text class="value" x="{label_width + width + 4:.1f}" y="{top + _BAR * 0.65:.1f}">'
                           f"{escape(bar.subtexts[k])}</text>")
        else:
            x += width
            end = x
    if not grouped:
        figure = f' data-figure="{escape(bar.figure)}"' if bar.figure else ""
        out.append(f'<text class="value" x="{end + 4:.1f}" y="{y + _BAR * 0.72:.1f}"{figure}>{escape(bar.text)}</text>')
    out.append("</g>")
    return "".join(out)


def heatmap(title: str, rows: Sequence[str], cols: Sequence[str],
            cells: dict[tuple[int, int], tuple[Decimal, str, str]], note: str = "") -> str:
    """A grid of cells shaded by value (0-100+), each with its number written in it.

    `cells[(r, c)]` is (value for the shade, text shown, tooltip).
    """
    if not rows or not cols:
        return _figure(title, '<p class="empty">无数据</p>')
    label_width = min(200.0, max(_text_width(r) for r in rows) + 14)
    cell_w = max(54.0, min(90.0, (_WIDTH - label_width) / len(cols)))
    cell_h = 24
    width = label_width + cell_w * len(cols)
    height = cell_h * (len(rows) + 1)
    out = [f'<svg class="chart heat" viewBox="0 0 {width:.0f} {height}" width="{width:.0f}" height="{height}" '
           f'role="img" aria-label="{escape(title)}">']
    for c, col in enumerate(cols):
        out.append(f'<text class="label" x="{label_width + (c + 0.5) * cell_w:.1f}" y="16" '
                   f'text-anchor="middle">{escape(col)}</text>')
    for r, row in enumerate(rows):
        y = (r + 1) * cell_h
        out.append(f'<text class="label" x="{label_width - 6:.1f}" y="{y + 16}" text-anchor="end">'
                   f"{escape(_clip(row, label_width))}</text>")
        for c in range(len(cols)):
            found = cells.get((r, c))
            x = label_width + c * cell_w
            if found is None:
                out.append(f'<rect class="heat-none" x="{x:.1f}" y="{y}" width="{cell_w - 2:.1f}" '
                           f'height="{cell_h - 2}"/>')
                continue
            value, text, tooltip = found
            out.append(f'<g><title>{escape(tooltip)}</title><rect class="heat-{_shade(value)}" x="{x:.1f}" y="{y}" '
                       f'width="{cell_w - 2:.1f}" height="{cell_h - 2}"/><text class="cell" '
                       f'x="{x + cell_w / 2 - 1:.1f}" y="{y + 16}" text-anchor="middle">{escape(text)}</text></g>')
    out.append("</svg>")
    legend = [(f"heat-{k}", name) for k, name in _SHADES]
    caption = f'<p class="note">{escape(note)}</p>' if note else ""
    return _figure(title, _legend(legend) + "".join(out) + caption)


_SHADES = [("0", "<60%"), ("1", "60–80%"), ("2", "80–90%"), ("3", "90–100%"), ("4", "100%"), ("5", ">100%")]


def _shade(value: Decimal) -> str:
    if value > 100:
        return "5"
    if value == 100:
        return "4"
    for shade, upper in (("0", 60), ("1", 80), ("2", 90)):
        if value < upper:
            return shade
    return "3"


def _legend(items: Sequence[tuple[str, str]]) -> str:
    keys = "".join(f'<li><svg width="12" height="12" aria-hidden="true"><rect class="{css}" width="12" height="12"/>'
                   f"</svg>{escape(name)}</li>" for css, name in items)
    return f'<ul class="legend">{keys}</ul>' if items else ""


def _figure(title: str, body: str) -> str:
    return f'<figure class="chart-box"><figcaption>{escape(title)}</figcaption>{body}</figure>'


def _text_width(text: str) -> float:
    return sum(_CHAR if ord(ch) > 0x2E80 else _CHAR * 0.55 for ch in text)


def _clip(text: str, width: float) -> str:
    if _text_width(text) <= width - 10:
        return text
    out = ""
    for ch in text:
        if _text_width(out + ch + "…") > width - 10:
            break
        out += ch
    return out + "…"
