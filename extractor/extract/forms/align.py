"""Putting a text row's cells under its header's columns.

A table copied as text keeps its cells in order but not always in place: a merged cell on the
left (the 一级/二级 level, a "绩效指标" column) is written once and left out of the rows below it,
an empty cell may or may not keep its separator. Each cell is given the column that suits what
it holds (a level word under a level column, an operator under 指标性质, a figure under a figure
column) with the cells kept in order: a small alignment, the way two sequences are aligned.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from extractor import patterns
from extractor.extract.forms.columns import Columns
from extractor.extract.forms.grid import FormCell
from extractor.extract.levels import canonical_level1, canonical_level2, strip_numbering
from extractor.normalise.numbers import parse_arabic


class Kind(Enum):
    EMPTY = "empty"
    LEVEL = "level"  # a 一级 or 二级 level word
    OPERATOR = "operator"  # ≥ alone (an 指标性质 column)
    UNIT = "unit"  # 万元, 人次 alone (a 度量单位 column)
    NUMBER = "number"
    AMOUNT = "amount"  # a figure with its money unit: "3359.62万", "20万元"
    PERCENT = "percent"
    VALUE = "value"  # a figure with its unit: "50000人次"
    BOUND = "bound"  # a figure with its comparison: "≥50000人次", "≤4.5%" (a target, most often)
    TEXT = "text"


_LEVEL_COLUMNS = frozenset({"level1", "level2"})
_FIGURE_COLUMNS = frozenset({"max_score", "score", "completion", "initial", "budget", "executed", "rate"})
_VALUE_COLUMNS = frozenset({"target", "actual"})
_TEXT_COLUMNS = frozenset({"name", "name_fallback", "reason", "label"})
# Columns a merged cell on the left may leave out of a row (levels, a label spanning rows).
_LEAVE_OUT_FREE = frozenset({"level1", "level2", "name_fallback", "label"})


def kind_of(key: str) -> Kind:
    """What a cell holds, from its compact text."""
    if not key or patterns.fullmatch("values.unset", key):
        return Kind.EMPTY  # "—", "/", "无": a placeholder holds any column's place
    body = key[strip_numbering(key):]
    if body.endswith(("指标", "分)")) and (canonical_level1(body) or canonical_level2(body)):
        return Kind.LEVEL
    if patterns.fullmatch("tables.operator_cell", key):
        return Kind.OPERATOR
    if patterns.fullmatch("tables.unit_cell", key):
        return Kind.UNIT
    number = key.rstrip("分")
    if parse_arabic(number) is not None:
        return Kind.NUMBER
    if key.endswith("%") and parse_arabic(key[:-1]) is not None:
        return Kind.PERCENT
    if patterns.fullmatch("tables.cell_amount", key):
        return Kind.AMOUNT
    if patterns.fullmatch("tables.figure_cell", key):
        return Kind.BOUND if patterns.match("values.op_prefix", key) else Kind.VALUE
    return Kind.TEXT


def _fit(kind: Kind, role: str | None) -> float:
    """How well a cell of this kind sits in a column of this role (0: no opinion)."""
    if kind is Kind.EMPTY or role is None:
        return 0.0
    if kind is Kind.LEVEL:
        return 5.0 if role in _LEVEL_COLUMNS else (-1.0 if role in _TEXT_COLUMNS else -4.0)
    if kind is Kind.OPERATOR:
        return 5.0 if role == "op" else -3.0
    if kind is Kind.UNIT:
        return 5.0 if role == "unit" else (-1.0 if role in _VALUE_COLUMNS else -2.0)
    if kind is Kind.NUMBER:
        if role in _FIGURE_COLUMNS or role in _VALUE_COLUMNS:
            return 2.0
        return -1.0 if role == "reason" else -3.0
    if kind is Kind.AMOUNT:
        if role in ("initial", "budget", "executed"):
            return 3.0
        return 2.0 if role in _VALUE_COLUMNS else -2.0
    if kind is Kind.PERCENT:
        if role in ("rate", "completion"):
            return 3.0
        return 2.0 if role in _VALUE_COLUMNS else -2.0
    if kind is Kind.VALUE:
        return 3.0 if role in _VALUE_COLUMNS else (1.0 if role in ("completion", "rate") else -2.0)
    if kind is Kind.BOUND:
        return 4.0 if role == "target" else (2.5 if role == "actual" else -2.0)
    # text
    if role in ("name", "name_fallback", "label"):
        return 2.0
    if role in _LEVEL_COLUMNS:
        return 0.5  # levels a template names its own way ("项目决策")
    if role in ("reason",) or role in _VALUE_COLUMNS:
        return 1.0  # a qualitative value, a reason
    return -3.0 if role in _FIGURE_COLUMNS or role in ("op", "unit") else 0.0


def _leave_out_cost(role: str | None, leading: bool) -> float:
    if leading and (role is None or role in _LEAVE_OUT_FREE):
        return 0.0
    return 1.0 if leading else 1.5


def align(cells: Sequence[FormCell], columns: Columns, width: int) -> dict[int, FormCell]:
    """Column index -> cell for one text row (cells in order, none sharing a column)."""
    content = list(cells)
    if len(content) == width and [cell.col for cell in content] == list(range(width)):
        # A row that writes every cell of the table ("| | 时效指标 | … | 100% | — | |"): its cells
        # stand where it put them, an empty or "—" cell holding a column's place.
        return {cell.col: cell for cell in content}
    while content and not content[-1].key:
        content.pop()  # a row padded with empty cells to the table's width
    if not content:
        return {}
    if len(content) >= width:
        return {cell.col: cell for cell in content if cell.col < width}
    kinds = [kind_of(cell.key) for cell in content]
    roles = [columns.role_at(col) for col in range(width)]
    found = best_alignment(kinds, roles, [cell.col for cell in content])
    if found is None:
        return {cell.col: cell for cell in content}
    return {col: cell for cell, col in zip(content, found[1], strict=True)}


_IN_PLACE = 0.1  # a cell where the text put it, when nothing else tells (a tie-breaker, summed over a row)


def best_alignment(kinds: list[Kind], roles: list[str | None], written: list[int]) -> tuple[float, list[int]] | None:
    """The fit and the increasing column of each cell that fits best; leaving columns out costs, except
    merged-cell columns on the left and columns after the last cell; a tie keeps cells where
    the text put them."""
    m, n = len(kinds), len(roles)
    if m > n:
        return None
    minus = float("-inf")
    # score[i][j]: best for the first i cells with cell i-1 in column j-1.
    score = [[minus] * (n + 1) for _ in range(m + 1)]
    back = [[0] * (n + 1) for _ in range(m + 1)]
    for j in range(1, n + 1):
        skipped = sum(_leave_out_cost(roles[k], leading=True) for k in range(j - 1))
        score[1][j] = _fit(kinds[0], roles[j - 1]) - skipped + (_IN_PLACE if written[0] == j - 1 else 0.0)
    for i in range(2, m + 1):
        for j in range(i, n + 1):
            for previous in range(i - 1, j):
                if score[i - 1][previous] == minus:
                    continue
                gap = sum(_leave_out_cost(roles[k], leading=False) for k in range(previous, j - 1))
                candidate = score[i - 1][previous] - gap + _fit(kinds[i - 1], roles[j - 1]) + (
                    _IN_PLACE if written[i - 1] == j - 1 else 0.0)
                if candidate > score[i][j]:
                    score[i][j], back[i][j] = candidate, previous
    end = max(range(m, n + 1), key=lambda j: (score[m][j], -j))
    if score[m][end] == minus:
        return None
    placed = [0] * m
    j = end
    for i in range(m, 0, -1):
        placed[i - 1] = j - 1
        j = back[i][j]
    return score[m][end], placed
