"""Chinese words the report shows for codes, severities and statuses."""

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
}
SEVERITY_WORDS = {"error": "错误", "warning": "警告", "info": "提示"}
# Shapes differ as well as colours, so severity never rests on colour alone.
SEVERITY_ICONS = {"error": "✖", "warning": "▲", "info": "●"}
MET_WORDS = {"met": "达成", "unmet": "未达成", "unjudged": "无法判断"}
FORMAT_WORDS = {"text": "文本", "docx": "DOCX", "pdf": "PDF"}


def finding_name(code: str) -> str:
    return FINDING_NAMES.get(code, code)


def error_name(code: str) -> str:
    return ERROR_CODES.get(code, code)


def severity_label(severity: str) -> str:
    return f"{SEVERITY_ICONS.get(severity, '')} {SEVERITY_WORDS.get(severity, severity)}".strip()
