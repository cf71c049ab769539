"""A form's header rows: which column holds which field.

Header words are form data (`patterns/tables.toml`). A cell's role is the role whose word it starts
with, else one whose word it contains (longest word first), so "得分(20分*执行率)" is the score
column, not the rate. A numeric role claimed by a column whose data are labels ("年度预算数(万元)"
above 总额 / 其中：财政资金) goes to the next column claiming it: a column mapped wrongly gives
executed = budget, a wrong figure that looks right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache

from extractor import patterns
from extractor.extract.forms.grid import DenseRow, FormCell
from extractor.normalise.numbers import parse_arabic
from extractor.normalise.text import fold

NUMERIC_ROLES = frozenset({"initial", "budget", "executed", "rate", "max_score", "score", "completion"})
_VALIDATION_ROWS = 8
_HEADER_PIECE_MAX = 10


@dataclass(frozen=True, slots=True)
class Columns:
    """Column index of each role in a header row; -1 when absent."""

    header_row: int
    roles: dict[str, int]
    # Columns the header names without a role of interest ("序号", "指标解释"): text rows may
    # leave them out, so alignment must know they exist.
    named: frozenset[int] = field(default_factory=frozenset)
    width: int = 0

    def get(self, role: str) -> int:
        return self.roles.get(role, -1)

    def role_at(self, col: int) -> str | None:
        return next((role for role, at in self.roles.items() if at == col), None)


@cache
def _vocabulary(key: str) -> tuple[tuple[str, str], ...]:
    """(word, role) pairs, longest word first."""
    table: dict[str, list[str]] = patterns.table("tables", key)
    pairs = [(word, role) for role, words in table.items() for word in words]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


@lru_cache(maxsize=8192)  # header texts repeat across rows, tables and documents
def role_of(text: str, vocabulary_key: str) -> str | None:
    vocabulary = _vocabulary(vocabulary_key)
    for word, role in vocabulary:
        if text.startswith(word):
            return role
    for word, role in vocabulary:
        if word in text:
            return role
    return None


@lru_cache(maxsize=4096)
def _word_rank(text: str, role: str, vocabulary_key: str) -> int:
    """Where the first of the role's words the header text starts with, else holds, stands in its list."""
    words: list[str] = patterns.table("tables", vocabulary_key)[role]
    starts = [rank for rank, word in enumerate(words) if text.startswith(word)]
    return starts[0] if starts else next((rank for rank, word in enumerate(words) if word in text), len(words))


def distinct_cells(row: DenseRow) -> list[FormCell]:
    """A grid row's cells once each, in column order (a merged cell counts once)."""
    seen: list[FormCell] = []
    ids: set[int] = set()
    for cell in row:
        if cell is not None and id(cell) not in ids:
            ids.add(id(cell))
            seen.append(cell)
    return seen


def _header_texts(row: DenseRow) -> list[str]:
    """Each column's header text (a merged cell in its first column only)."""
    return [cell.key if cell is not None and cell.col == col else "" for col, cell in enumerate(row)]


def _candidates(texts: list[str], vocabulary_key: str) -> tuple[dict[str, list[int]], set[int]]:
    found: dict[str, list[int]] = {}
    named: set[int] = set()
    for col, key in enumerate(texts):
        if not key:
            continue
        role = role_of(key, vocabulary_key)
        if role is None:
            named.add(col)
        else:
            found.setdefault(role, []).append(col)
    return found, named


def _looks_numeric(cell: FormCell | None) -> bool | None:
    """True for a figure, False for a label, None for an empty or placeholder cell."""
    if cell is None:
        return None
    text = fold(cell.key).rstrip("%万元分")
    if not text or text in {"-", "—", "/", "\\"}:
        return None
    return parse_arabic(text) is not None


def _holds_figures(grid: list[DenseRow], header_row: int, col: int) -> bool:
    """Whether a column's data cells below the header are figures rather than labels."""
    votes = [_looks_numeric(row[col] if col < len(row) else None)
             for row in grid[header_row + 1: header_row + 1 + _VALIDATION_ROWS]]
    figures, labels = votes.count(True), votes.count(False)
    return figures >= labels or labels == 0


def map_columns(grid: list[DenseRow], row_index: int, vocabulary_key: str,
                texts: list[str] | None = None) -> Columns:
    header = texts if texts is not None else _header_texts(grid[row_index])
    found, named = _candidates(header, vocabulary_key)
    roles: dict[str, int] = {}
    for role, cols in found.items():
        free = [col for col in cols if col not in roles.values()]
        if role in NUMERIC_ROLES and len(free) > 1:
            holding = [col for col in free if _holds_figures(grid, row_index, col)]
            free = holding or free
        # "权重 | 分值", "调整预算数 | 全年预算数": the word listed first for the role names its column.
        if len(free) > 1:
            free.sort(key=lambda col: _word_rank(header[col], role, vocabulary_key))
        if free:
            roles[role] = free[0]
        named.update(col for col in cols if col not in roles.values())
    fallback = roles.get("name_fallback", -1)
    if "name" in roles and "level1" not in roles and 0 <= fallback < roles.get("level2", -1):
        roles["level1"] = roles.pop("name_fallback")  # "绩效指标 | 二级指标 | 三级指标": 一级 names below it
    return Columns(row_index, roles, frozenset(named), len(grid[row_index]))


def _continues_header(row: DenseRow) -> bool:
    """A row under a header that only finishes its words ("数(A) | 数(B)", "指标 | 指标 | 指标值"):
    no figure in it, short texts."""
    texts = [text for text in _header_texts(row) if text]
    return bool(texts) and all(len(text) <= _HEADER_PIECE_MAX and _looks_numeric_text(text) is False
                               for text in texts)


def _looks_numeric_text(text: str) -> bool | None:
    stripped = fold(text).rstrip("%万元分")
    if not stripped or stripped in {"-", "—", "/", "\\"}:
        return None
    return parse_arabic(stripped) is not None


def _joined_header(grid: list[DenseRow], index: int, vocabulary_key: str) -> Columns | None:
    """The header of a row and the one below it read as one, column by column ("全年预算" over
    "数(A)" is 全年预算数(A)), when that names more roles than the row alone."""
    if index + 1 >= len(grid) or not _continues_header(grid[index + 1]):
        return None
    top, bottom = _header_texts(grid[index]), _header_texts(grid[index + 1])
    width = max(len(top), len(bottom))
    texts = [_joined_piece(top[c] if c < len(top) else "", bottom[c] if c < len(bottom) else "", vocabulary_key)
             for c in range(width)]
    return map_columns(grid, index + 1, vocabulary_key, texts)


def _joined_piece(top: str, bottom: str, vocabulary_key: str) -> str:
    """A column's header over two rows: the lower word alone when it names a role itself ("一级指标"
    under a "绩效指标" spanning three columns), else both words as one ("全年预算" over "数(A)")."""
    if bottom and role_of(bottom, vocabulary_key) is not None:
        return bottom
    return top + bottom


def find_header(grid: list[DenseRow], vocabulary_key: str, required: tuple[set[str], ...],
                start: int = 0) -> Columns | None:
    """The first row from `start` whose columns include one role of each required set; the row
    below it when that one qualifies too with more roles (a header over two rows: "绩效指标"
    merged above 一级指标/二级指标/三级指标)."""
    def qualifies(columns: Columns) -> bool:
        return all(any(role in columns.roles for role in group) for group in required)

    for index in range(start, len(grid)):
        columns = map_columns(grid, index, vocabulary_key)
        joined = _joined_header(grid, index, vocabulary_key)
        if joined is not None and qualifies(joined) and len(joined.roles) > len(columns.roles):
            return joined
        if qualifies(columns):
            if index + 1 < len(grid):
                below = map_columns(grid, index + 1, vocabulary_key)
                if qualifies(below) and len(below.roles) > len(columns.roles):
                    return below
            return columns
    return None
