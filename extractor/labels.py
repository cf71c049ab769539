"""Chinese words for codes, severities and statuses: the review report and the audit workbook show these."""

from __future__ import annotations

from extractor.errors import ERROR_CODES

FINDING_NAMES: dict[str, str] = {
    "execution_rate_mismatch": "执行率与金额不符",
    "sources_sum_mismatch": "资金来源合计不符",
    "rate_over_100": "执行率超过100%",
    "completion_rate_mismatch": "完成率与指标值不符",
    "score_sum_mismatch": "得分合计不符",
    "score_exceeds_max": "得分超过分值",
    "unmet_full_score": "未完成指标得满分",
    "execution_score_mismatch": "执行率得分不符",
    "cross_reference_mismatch": "前后数字不一致",
    "false_completion_claim": "声称完成但未达标",
    "unmet_without_reason": "未完成指标缺少原因",
    "unmet_reason_for_met": "已完成指标却写未完成原因",
    "missing_core_figure": "缺少核心数字",
    "copy_figures_mismatch": "同一报告的副本数字不一致",
}
SEVERITY_WORDS = {"error": "错误", "warning": "警告", "info": "提示"}
# Shapes differ as well as colours, so severity never rests on colour alone.
SEVERITY_ICONS = {"error": "✖", "warning": "▲", "info": "●"}
MET_WORDS = {"met": "达成", "unmet": "未达成", "unjudged": "无法判断"}
FORMAT_WORDS = {"text": "文本", "docx": "DOCX", "pdf": "PDF", "xlsx": "Excel（XLSX）", "html": "网页（HTML）",
                "doc": "旧版 Word（DOC）", "xls": "旧版 Excel（XLS）", "rtf": "RTF", "image": "图片（扫描件）"}
STATUS_WORDS = {"ok": "读取成功", "failed": "读取失败"}
SOURCE_KIND_WORDS = {"central": "中央", "provincial": "省级", "municipal": "市级", "county": "县级",
                     "municipal_county": "市县级", "local": "地方", "other": "其他", "current_year": "当年预算",
                     "carry_over": "上年结转"}
HISTORY_WORDS = {"current": "当前版本", "superseded": "已被新版本替代", "gone": "文件已不在"}


def finding_name(code: str) -> str:
    return FINDING_NAMES.get(code, code)


def error_name(code: str) -> str:
    return ERROR_CODES.get(code, code)


def coded(name: str, code: str) -> str:
    """A code value as staff read it: the Chinese name, then the stable code."""
    return f"{name}（{code}）" if name != code else code


def value_label(column: str, value: str) -> str:
    """The Chinese label of a code value in a column of the ingest tables (unknown values unchanged)."""
    words: dict[str, str] = {
        "status": {**STATUS_WORDS, **HISTORY_WORDS}, "kind": SOURCE_KIND_WORDS, "severity": SEVERITY_WORDS,
        "format": FORMAT_WORDS,
    }.get(column, {})
    if column == "code":
        return coded(finding_name(value), value)
    if column == "error_code":
        return coded(error_name(value), value)
    if column == "source" and value == "TOTAL":
        return "合计"
    return words.get(value, value)


def severity_label(severity: str) -> str:
    return f"{SEVERITY_ICONS.get(severity, '')} {SEVERITY_WORDS.get(severity, severity)}".strip()
