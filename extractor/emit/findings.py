"""Rendering checker findings for people (a terminal table) and machines (JSON / JSON Lines).

Text from documents (names, messages, file names) reaches the terminal only through `terminal_text`:
control characters (escape sequences, carriage returns, backspaces) and bidirectional overrides are
shown as visible marks, and cells are rich `Text`, never markup, so "[/注]" or "[red]" in a name is
printed as written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

# Only for annotations: printing an error (`terminal_text`) must not import pydantic and the models.
if TYPE_CHECKING:
    from rich.text import Text

    from extractor.models import Evidence, Finding, Outcome

SEVERITY_RANK = {"error": 2, "warning": 1, "info": 0}
SEVERITY_LABEL = {"error": "✖ 错误 error", "warning": "▲ 警告 warning", "info": "ℹ 提示 info"}


# C0 and C1 controls except tab and newline, DEL, and the bidirectional embeddings, overrides and
# isolates that reorder what a terminal shows ("trojan source"): each is shown as U+FFFD.
_UNSAFE = {code: "\ufffd" for code in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0),
                                         *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


def terminal_text(text: object) -> str:
    """Text that cannot move the cursor, change colours or reorder the line it is printed on."""
    return str(text).translate(_UNSAFE)


def cell(text: object) -> Text:
    """A table cell holding document text: never parsed as rich markup."""
    from rich.text import Text

    return Text(terminal_text(text))


def where(evidence: list[Evidence]) -> str:
    """'第3页 段12' / '表5 行4 列2' for the first place involved (+N more)."""
    if not evidence:
        return ""
    first = evidence[0]
    parts = [f"第{first.page}页"] if first.page else []
    if first.sheet:
        parts.append(f"工作表{first.sheet}")
    if first.row is not None:
        parts.append(f"表{first.block + 1} 行{first.row + 1} 列{(first.col or 0) + 1}")
    else:
        parts.append(f"段{first.block + 1}")
    more = f" (+{len(evidence) - 1})" if len(evidence) > 1 else ""
    return " ".join(parts) + more


def fails(findings: Iterable[Finding], fail_on: str) -> bool:
    if fail_on == "never":
        return False
    threshold = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK[f.severity] >= threshold for f in findings)


def write_table(outcomes: list[Outcome], sink: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="绩效自评报告校验结果", show_lines=False)
    for column in ("文件 file", "代码 code", "级别 severity", "说明 message", "位置 where"):
        table.add_column(column, overflow="fold")
    for outcome in outcomes:
        if outcome.error is not None:
            table.add_row(cell(outcome.path), outcome.error.code, SEVERITY_LABEL["error"],
                          cell(outcome.error.detail), "")
            continue
        assert outcome.record is not None
        for finding in outcome.record.findings:
            table.add_row(cell(outcome.path), finding.code, SEVERITY_LABEL[finding.severity], cell(finding.message),
                          cell(where(finding.evidence)))
    Console(file=sink, width=160).print(table)


def summary_line(outcomes: list[Outcome]) -> str:
    counts: Counter[str] = Counter()
    for outcome in outcomes:
        if outcome.record is not None:
            counts.update(f.severity for f in outcome.record.findings)
    unreadable = sum(1 for o in outcomes if o.error is not None)
    return (f"文件 files: {len(outcomes)}，无法读取 unreadable: {unreadable}，"
            f"错误 errors: {counts['error']}，警告 warnings: {counts['warning']}，提示 info: {counts['info']}")


def outcome_json(outcome: Outcome) -> str:
    from extractor.emit.json import dumps

    if outcome.error is not None:
        return dumps({"path": outcome.path, "error": {"code": outcome.error.code, "message": str(outcome.error)}})
    assert outcome.record is not None
    return dumps({"path": outcome.path, "sha256": outcome.record.source.sha256,
                  "findings": [f.model_dump(mode="python") for f in outcome.record.findings]})
