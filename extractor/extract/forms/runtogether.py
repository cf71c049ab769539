"""Rebuilding a 自评表 that was republished as one run-together line.

"项目名称中江县…项目负责人及电话…主管部门中江县水利局…资金情况(万元)全年预算数(A)全年执行数(B)分值
执行率(B/A)得分年度资金总额:202010100.00%10其中:本年财政拨款2020…绩效指标一级指标二级指标…产出指标
(70分)数量指标安装坡面水标尺10≥266米≥266米10…总分100100". The form's labels (patterns/forms.toml,
tables.toml) are found in order; the text between them is cut into the cells the header names
(forms.split); the result is an ordinary `FormGrid` that the form layer reads like any table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from extractor import patterns
from extractor.extract.context import TextUnit
from extractor.extract.forms.columns import role_of
from extractor.extract.forms.grid import FormCell, FormGrid
from extractor.extract.forms.judges import Judge, funds_judge, indicator_judge
from extractor.extract.forms.split import Column, Cut, best_cut, is_spaced, token_ends
from extractor.models import Warning

_MIN_LABELS = 5  # form labels a paragraph must hold before it is read as a form
_MIN_LENGTH = 120
_MIN_FUNDS_COLUMNS = 3
_SPACED_LOOKAHEAD = 16  # a space this soon after a funds row's label: its figures are spaced
_SPARE_TOKENS = 4  # tokens a spaced row may hold beyond one per column (a name with a space)
_LEFTOVER_MAX = 12  # text glued to a column word that is still part of it ("…及拟采取的改进措施")
_KIND_OF_ROLE = {"name": "name", "name_fallback": "name", "max_score": "score", "score": "score",
                 "target": "value", "actual": "value", "completion": "percent", "initial": "amount",
                 "budget": "amount", "executed": "amount", "rate": "percent"}


@cache
def _words(key: str) -> tuple[str, ...]:
    return tuple(sorted(patterns.words("forms", key), key=len, reverse=True))


def _column_words(vocabulary: str) -> tuple[str, ...]:
    table: dict[str, list[str]] = patterns.table("tables", vocabulary)
    return tuple(sorted({w for words in table.values() for w in words}, key=len, reverse=True))


def _word_at(text: str, at: int, words: tuple[str, ...]) -> str | None:
    return next((word for word in words if text.startswith(word, at)), None)


def looks_run_together(folded: str) -> bool:
    """A long paragraph holding many of a form's labels: a table whose cells ran together."""
    if len(folded) < _MIN_LENGTH:
        return False
    vocabulary = (*_words("header_fields"), *_column_words("indicator_columns"), *_column_words("funds_columns"))
    found = {word for word in vocabulary if word in folded}
    if len(found) < _MIN_LABELS:
        return False
    return any(word in folded for word in _words("indicator_sections")) or _is_funds_form(folded)


def _is_funds_form(folded: str) -> bool:
    """A funds block on a line of its own (its indicators on another): its section label, its
    column words, and no sentence, which a paragraph telling the funds would have."""
    columns = {word for word in _column_words("funds_columns") if word in folded}
    return (len(columns) >= _MIN_FUNDS_COLUMNS and "。" not in folded
            and any(word in folded for word in _words("funds_sections")))


@dataclass(slots=True)
class _Builder:
    unit: TextUnit
    rows: list[list[FormCell]] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    cuts: list[float] = field(default_factory=list)
    # Offsets where a line of the source ended (a form whose rows ran together line by line):
    # a row or a field's value never runs past one.
    breaks: tuple[int, ...] = ()

    def line_end(self, at: int, end: int) -> int:
        return next((b for b in self.breaks if at < b < end), end)

    def cell(self, start: int, end: int, col: int, confidence: float | None = None,
             rowspan: int = 1) -> FormCell:
        while start < end and self.unit.folded[start] in " :：,，":
            start += 1
        return FormCell(self.unit.part(start, end, confidence), len(self.rows), col, rowspan)

    def add(self, cells: list[FormCell]) -> None:
        row = len(self.rows)
        for cell in cells:
            cell.row = row
        self.rows.append(cells)


def _next_label(text: str, at: int, end: int) -> int:
    """Where the next label of the form's head or the next block starts."""
    starts = (*_words("header_fields"), *_words("funds_sections"), *_words("goal_sections"),
              *_words("indicator_sections"))
    return min((found for found in (text.find(word, at, end) for word in starts) if found >= 0), default=end)


def rebuild(unit: TextUnit, breaks: tuple[int, ...] = ()) -> FormGrid | None:
    """The form in a run-together paragraph, or None when no indicator header is found in it.
    `breaks`: where the lines ended when `unit` joins lines that each ran a row together."""
    text = unit.folded
    end = min((found for found in (text.find(word) for word in _words("form_end")) if found > 0), default=len(text))
    builder = _Builder(unit, breaks=breaks)
    at = _next_label(text, 0, end)
    indicators_read = funds_read = False
    while at < end:
        if (word := _word_at(text, at, _words("header_fields"))) is not None:
            value_end = _next_label(text, at + len(word), builder.line_end(at, end))
            builder.add([builder.cell(at, at + len(word), 0), builder.cell(at + len(word), value_end, 1)])
            at = value_end
        elif (word := _word_at(text, at, _words("funds_sections"))) is not None:
            rows_before = len(builder.rows)
            at = _funds_block(builder, at, word, end)
            funds_read = funds_read or len(builder.rows) > rows_before + 1
        elif (word := _word_at(text, at, _words("goal_sections"))) is not None:
            at = _goal_block(builder, at, word, end)
        elif (word := _word_at(text, at, _words("indicator_sections"))) is not None:
            at = _indicator_block(builder, at, word, end)
            indicators_read = True
        else:
            at = _next_label(text, at + 1, end)
    if not (indicators_read or funds_read):
        return None
    grid = FormGrid(builder.rows, unit.block, page=unit.page)
    grid.warnings.append(Warning(
        code="cells_inferred",
        message=(f"表格单元格无分隔符（连写文本），已按表头列序与表内算术关系拆分 {len(builder.cuts)} 行，"
                 f"最低置信度 {min(builder.cuts, default=1.0):.1f}；拆分结果请核对原文"),
        evidence=unit.whole()))
    grid.warnings.extend(builder.warnings)
    return grid


def _header_words(builder: _Builder, at: int, end: int, vocabulary: str, stop: tuple[str, ...]) -> tuple[
        list[tuple[int, int]], int]:
    """Column words glued one after the other ("全年预算数(A)全年执行数(B)分值…"), with a short
    leftover kept in the word before it ("未完成原因及拟采取的改进措施"), up to a row's start."""
    text = builder.unit.folded
    words = _column_words(vocabulary)
    spans: list[tuple[int, int]] = []
    while at < end:
        if text[at].isspace():  # column words written with spaces between them
            at += 1
            continue
        word = _word_at(text, at, words)
        if word is None:
            if not spans or _word_at(text, at, stop) is not None:
                break
            glued = next((i for i in range(at, min(end, at + _LEFTOVER_MAX + 1))
                          if _word_at(text, i, words) or _word_at(text, i, stop)), None)
            if glued is None:
                break
            spans[-1] = (spans[-1][0], glued)
            at = glued
            continue
        stop_at = at + len(word)
        suffix = patterns.match("forms.column_suffix", text[stop_at:end])
        if suffix is not None:
            stop_at += suffix.end()
        spans.append((at, stop_at))
        at = stop_at
    return spans, at


def _merged_same_role(builder: _Builder, spans: list[tuple[int, int]], vocabulary: str) -> list[tuple[int, int]]:
    """"未完成原因及拟采取的" + "改进措施": two words of one column's title are one header cell."""
    merged: list[tuple[int, int]] = []
    for span in spans:
        role = role_of(builder.unit.folded[span[0]:span[1]], vocabulary)
        if merged and role is not None and role == role_of(builder.unit.folded[merged[-1][0]:merged[-1][1]],
                                                           vocabulary) and role not in ("level1", "level2"):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged


def _roles(builder: _Builder, spans: list[tuple[int, int]], vocabulary: str) -> list[str | None]:
    return [role_of(builder.unit.folded[a:b], vocabulary) for a, b in spans]


def _funds_block(builder: _Builder, at: int, section: str, end: int) -> int:
    text = builder.unit.folded
    label_end = at + len(section)
    spans, at = _header_words(builder, label_end, end, "funds_columns", ())
    if not spans:
        return label_end
    roles = _roles(builder, spans, "funds_columns")
    builder.add([builder.cell(label_end - len(section), label_end, 0),
                 *(builder.cell(a, b, col + 1) for col, (a, b) in enumerate(spans))])
    columns = [Column(role or "unknown", _KIND_OF_ROLE.get(role or "", "text"), optional=True) for role in roles]
    total_budget: str | None = None
    while at < end:
        if text[at].isspace():
            at += 1
            continue
        token_end = text.find(" ", at, end)
        grouping = patterns.match("funds.grouping_label", text[at:token_end if token_end != -1 else end])
        if grouping is not None:  # "按收入性质分：" heads the rows under it
            at += grouping.end()
            continue
        label = patterns.match("forms.funds_row_label", text[at:end])
        if label is None or label.end() == 0 or _word_at(text, at, (*_words("goal_sections"),
                                                                    *_words("indicator_sections"))):
            break
        value_start = at + label.end()
        value_end = _funds_value_end(text, value_start, builder.line_end(value_start, end))
        cut = best_cut(text, value_start, value_end, columns, funds_judge(total_budget))
        cells = [builder.cell(at, value_start, 0)]
        if cut is not None:
            cells.extend(_cells_of(builder, cut, value_start))
            budget = next((text[a:b] for column, (a, b) in zip(columns, cut.spans, strict=True)
                           if column.role == "budget" and b > a), None)
            total_budget = total_budget or budget
        builder.add(cells)
        at = value_end
    return at


def _funds_value_end(text: str, start: int, end: int) -> int:
    """A funds row's figures run up to the next row's label (right after a figure) or the next block."""
    blocks = (*_words("goal_sections"), *_words("indicator_sections"), *_words("header_fields"), "资金管理")
    spaced = " " in text[start:start + _SPACED_LOOKAHEAD].strip()
    for index in range(start, end):
        if spaced and _opens_word_token(text, index, start):
            return index  # spaced figures run up to the next token that is not a figure
        if _word_at(text, index, blocks):
            return index
        before = text[start:index].rstrip()[-1:]  # cells may be spaced: "…9.74 按收入性质分"
        after_figure = not before or before.isdigit() or before in "%元万—-"
        if after_figure and not text[index].isdigit() and text[index] not in ".%万元 " and patterns.match(
                "forms.funds_row_label", text[index:end]):
            return index
    return end


def _opens_word_token(text: str, index: int, start: int) -> bool:
    return (index > start and text[index - 1].isspace() and not text[index].isspace()
            and not text[index].isdigit() and text[index] not in "-—–/.%")


def _cells_of(builder: _Builder, cut: Cut, offset: int) -> list[FormCell]:
    builder.cuts.append(cut.confidence)
    cells = []
    for col, (a, b) in enumerate(cut.spans):
        if b > a:
            cells.append(builder.cell(a, b, col + 1, cut.confidence))
    return cells


def _goal_block(builder: _Builder, at: int, section: str, end: int) -> int:
    """The 年度总体目标 block: its label, its column words, its text (not cut: where the goal ends
    and its completion starts cannot be proved)."""
    text = builder.unit.folded
    start = at + len(section)
    while (word := _word_at(text, start, _words("goal_columns"))) is not None:
        start += len(word)
    text_end = next((found for found in (text.find(word, start, end) for word in _words("indicator_sections"))
                     if found >= 0), end)
    # Rows run together line by line: the block's column words end its first line, the text is below.
    start = min(builder.line_end(start, text_end), text_end) if builder.breaks else start
    if text_end > start:
        builder.add([builder.cell(at, at + len(section), 0), builder.cell(start, text_end, 1, 0.5)])
    return text_end


def _indicator_block(builder: _Builder, at: int, section: str, end: int) -> int:
    text = builder.unit.folded
    stops = ("产出指标", "效益指标", "满意度指标", "成本指标")
    spans, body = _header_words(builder, at + len(section), end, "indicator_columns", stops)
    spans = _merged_same_role(builder, spans, "indicator_columns")
    roles = _roles(builder, spans, "indicator_columns")
    if "name" not in roles or "target" not in roles:
        return at + len(section)
    builder.add([builder.cell(at, at + len(section), 0),
                 *(builder.cell(a, b, col + 1) for col, (a, b) in enumerate(spans))])
    level_cols: dict[str, int] = {role: roles.index(role) + 1 for role in ("level1", "level2") if role in roles}
    row_roles = [(col + 1, role) for col, role in enumerate(roles) if role not in ("level1", "level2")]
    columns = [Column(role or "unknown", _KIND_OF_ROLE.get(role or "", "text"),
                      optional=role not in ("name", "target")) for _, role in row_roles]
    judge = indicator_judge(frozenset(role for role in roles if role))
    total = _find_total(text, body, end)
    _indicator_body(builder, body, total, level_cols, row_roles, columns, judge)
    if total < end:
        return _total_row(builder, total, end, row_roles, judge)
    return end


def _find_total(text: str, start: int, end: int) -> int:
    for index in range(start, end):
        if patterns.match("forms.total_label", text[index:end]) and (
                index == start or not text[index - 1].isalpha() or text[index] in "…."):
            return index
    return end


def _indicator_body(builder: _Builder, start: int, end: int, level_cols: dict[str, int],
                    row_roles: list[tuple[int, str | None]], columns: list[Column], judge: Judge) -> None:
    text = builder.unit.folded
    at = start
    level1: FormCell | None = None
    level2: FormCell | None = None
    while at < end:
        level = patterns.match("forms.level_word", text[at:end])
        if level is not None:
            cell = builder.cell(at, at + level.end(), 0)
            # 成本指标 with no points of its own under an 一级 already written is the 二级 under 产出.
            cost_under = level.group("one") == "成本" and level1 is not None and "分" not in level.group(0)
            if level.group("one") and not cost_under:
                level1, level2 = cell, None
                cell.col = level_cols.get("level1", 0)
            else:
                level2 = cell
                cell.col = level_cols.get("level2", 0)
            at += level.end()
            continue
        segment_end = next((i for i in range(at + 1, end) if patterns.match("forms.level_word", text[i:end])), end)
        for cut in _rows_of(text, at, segment_end, columns, judge, builder.breaks):
            cells = [cell for cell in (level1, level2) if cell is not None]
            builder.cuts.append(cut.confidence)
            for (col, _), (a, b) in zip(row_roles, cut.spans, strict=True):
                if b > a:
                    cells.append(builder.cell(a, b, col, cut.confidence))
            builder.add(_with_fresh_levels(cells, level1, level2))
        at = segment_end


def _with_fresh_levels(cells: list[FormCell], level1: FormCell | None, level2: FormCell | None) -> list[FormCell]:
    """A level cell is placed once per row it belongs to (copies, as a text table repeats it)."""
    out = []
    for cell in cells:
        if cell is level1 or cell is level2:
            out.append(FormCell(cell.unit, 0, cell.col))
        else:
            out.append(cell)
    return out


def _rows_of(text: str, start: int, end: int, columns: list[Column], judge: Judge,
             breaks: tuple[int, ...] = ()) -> list[Cut]:
    """The rows in text[start:end], each cut into its cells: every row ends on a figure (its last
    score) and the next starts with a word (its name); where lines ended, a row ends there."""
    lines = [b for b in breaks if start < b < end]
    spaced = not lines and is_spaced(text, start, end, columns)
    if lines:
        ends = [*lines, end]
    elif spaced:  # a row ends after any token, a reason after its scores too; it spans a few
        end = len(text[:end].rstrip()) if text[start:end].strip() else end
        ends = token_ends(text, start, end)
    else:
        ends = [i for i in range(start + 1, end) if (text[i - 1].isdigit() or text[i - 1] in "%分")
                and not text[i].isdigit() and text[i] not in ".%"] + [end]
    reach = len(columns) + _SPARE_TOKENS if spaced else len(ends)
    best: dict[int, tuple[float, list[Cut]]] = {end: (0.0, [])}
    for position in sorted({start, *ends}, reverse=True):
        if position == end:
            continue
        options = []
        following = [stop for stop in ends if stop > position][:reach]
        for stop in following:
            if stop not in best:
                continue
            cut = best_cut(text, position, stop, columns, judge)
            if cut is not None:
                fit, rest = best[stop]
                options.append((cut.fit + fit, [cut, *rest]))
        if options:
            best[position] = max(options, key=lambda option: option[0])
    return best.get(start, (0.0, []))[1]


def _total_row(builder: _Builder, at: int, end: int, row_roles: list[tuple[int, str | None]], judge: Judge) -> int:
    text = builder.unit.folded
    label = patterns.match("forms.total_label", text[at:end])
    assert label is not None
    value_start = at + int(label.end())
    label_start = at + len(label.group(0)) - len(label.group(0).lstrip("….　 "))
    value_end = value_start
    while value_end < end and (text[value_end].isdigit() or text[value_end] == "."):
        value_end += 1
    score_cols = [(col, role) for col, role in row_roles if role in ("max_score", "score")]
    columns = [Column(str(role), "number", optional=True) for _, role in score_cols]
    cut = best_cut(text, value_start, value_end, columns, judge)
    cells = [builder.cell(label_start, value_start, 0)]
    if cut is not None:
        builder.cuts.append(cut.confidence)
        for (col, _), (a, b) in zip(score_cols, cut.spans, strict=True):
            if b > a:
                cells.append(builder.cell(a, b, col, cut.confidence))
    builder.add(cells)
    return value_end
