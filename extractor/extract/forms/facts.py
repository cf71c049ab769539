"""What a form's label cells say of the report: fund name, region, the 年度总体目标 row."""

from __future__ import annotations

from functools import lru_cache

from extractor import patterns
from extractor.extract.forms.columns import distinct_cells
from extractor.extract.forms.grid import FormCell, FormGrid
from extractor.models import Goal, Statement
from extractor.normalise.text import fold

_HEADER_LABEL_MAX = 12  # "转移支付名称", "地方财政部门": header labels are short
_UNIT_CELL_MAX = 60  # "填报单位：徐闻县农业农村局（盖章）": a label and its unit in one cell
_CAPTION_MAX = 80
_CAPTION_ROWS = 3
_GOAL_SUBHEADER = ("预期目标", "年度目标", "实际完成情况", "全年实际完成情况", "目标", "完成情况", "实际完成",
                   "年初设定目标", "年度总体目标完成情况综述", "总体目标", "项目年度目标", "年度目标完成情况")


def without_code(text: str) -> str:
    """A name without the budget or organisation code in front ("51092324T0000…-2023年…",
    "[155]濉溪县民政局", "219-池州市贵池区…")."""
    found = patterns.match("tables.leading_code", text)
    return text[found.end():].strip() if found and found.end() < len(text) else text


def header_facts(grid: FormGrid) -> tuple[str | None, list[str]]:
    """The fund named by a 项目名称 / 转移支付(项目)名称 cell, and the texts of the unit cells
    (主管部门, 实施单位, 单位名称, 填报单位) that may name the region, in table order."""
    fund: str | None = None
    units: list[str] = []
    for dense_row in grid.dense():
        cells = distinct_cells(dense_row)
        units.extend(found.group("unit") for cell in cells
                     if ":" in cell.folded and len(cell.text) <= _UNIT_CELL_MAX
                     for found in patterns.finditer("report.unit_named", cell.folded))
        labelled = [(index, kind) for index, cell in enumerate(cells[:-1])
                    if len(cell.text) <= _HEADER_LABEL_MAX and (kind := _label_kind(cell.key)) is not None]
        if not labelled or _is_column_titles(cells):
            continue  # "项目名称 | 中央、省、市(州)、县级财政资金 | 资金计划 | 资金到位情况": a header row
        for index, kind in labelled:
            value = without_code(cells[index + 1].text.strip())
            if not value:
                continue
            if kind == "fund":
                fund = fund or value
            units.append(value)  # "中江县农业水价综合改革…项目" names its county too
    return fund, units


def caption(lines: list[str]) -> str | None:
    """The title a table carries in its first row, one cell across it ("2021年度…绩效自评表"),
    from the table's `caption_lines`."""
    if lines and patterns.search("report.title_end", fold(lines[0])):
        return lines[0]
    return None


def caption_lines(grid: FormGrid) -> list[str]:
    """The table's first rows that hold one short text each: its title, and the "（2024年度）" or
    unit line under it, inside the table where an exported sheet or a web page keeps them."""
    lines: list[str] = []
    for row in grid.rows[:_CAPTION_ROWS]:
        texts = [cell.text.strip() for cell in row if cell.text.strip()]
        if len(texts) != 1 or len(texts[0]) > _CAPTION_MAX:
            break
        lines.append(texts[0])
    return lines


@lru_cache(maxsize=4096)  # label texts repeat across rows and documents
def _label_kind(key: str) -> str | None:
    label = key.rstrip(":：")
    if patterns.fullmatch("tables.fund_name_cell", label):
        return "fund"
    if patterns.fullmatch("tables.region_cell", label):
        return "unit"
    return None


def _is_column_titles(cells: list[FormCell]) -> bool:
    titles = sum(1 for cell in cells[2:] if patterns.search("tables.column_title", cell.key))
    return titles >= 2


def read_goal_row(grid: FormGrid, index: int) -> tuple[Goal, FormCell | None] | None:
    dense = grid.dense()
    cells = _cells_of(grid, index)
    label_index = next((i for i, c in enumerate(cells) if patterns.match("tables.goal_row", c.key)), None)
    if label_index is None:
        return None
    rest = [c for c in cells[label_index + 1:] if c.text.strip()]
    if rest and all(c.key in _GOAL_SUBHEADER for c in rest) and index + 1 < len(dense):
        label_text = cells[label_index].text.strip()
        # A text copy repeats the merged label cell on the next row; skip it there too.
        rest = [c for c in _cells_of(grid, index + 1)
                if c is not cells[label_index] and c.text.strip() and c.text.strip() != label_text]
    rest = _collapse_repeats(rest)
    if not rest:
        return None
    label = cells[label_index].key
    return Goal(label="年度总体目标" if label.startswith(("年度", "总体")) else label,
                text=rest[0].text.strip(), actual=rest[1].text.strip() if len(rest) > 1 else None,
                evidence=rest[0].unit.whole()), (rest[1] if len(rest) > 1 else None)


def _cells_of(grid: FormGrid, index: int) -> list[FormCell]:
    if grid.merges_unknown:
        return list(grid.rows[index])
    return distinct_cells(grid.dense()[index])


def _collapse_repeats(cells: list[FormCell]) -> list[FormCell]:
    """A text copy repeats a merged cell's text across the columns it spans: keep one."""
    kept: list[FormCell] = []
    for cell in cells:
        if not kept or kept[-1].text.strip() != cell.text.strip():
            kept.append(cell)
    return kept


def goal_claim(cell: FormCell | None) -> Statement | None:
    """A 全年实际完成情况 cell that says the goal was met ("完成目标任务", "均已完成"): a claim the
    checker weighs against the indicators, as one made in prose."""
    if cell is None or patterns.search("statements.claim_exception", cell.folded):
        return None
    found = patterns.search("statements.goal_claim", cell.folded)
    if found is None:
        return None
    return Statement(kind="completion_claim", subject=None, text=cell.text[found.start():found.end()],
                     evidence=cell.unit.whole())
