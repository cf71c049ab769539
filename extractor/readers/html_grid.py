"""Tables laid out with <div>s: a CSS grid or flex rows of cells, no <table> element.

Portals built on CSS write a 自评表 as a container of rows, each row a few cells:
`<div class="g-row"><div class="g-cell">三级指标</div>…</div>`. Such a container is read as a
table when all of these hold:
- it has two or more element children, every one a row: an element whose element children are
  all cells (elements holding no block element, so text, not layout), two or more of them in at
  least two rows (a note row of one cell spanning the grid may stand among them);
- the layout says rows and cells: the rows or their cells are named so (class or id words row,
  tr, line / cell, col, td, th, item), or styled so (`display: grid | flex | table-row |
  table-cell`, inline or by a class a <style> rule of the page gives that display).
A cell's `grid-column: span N` / `grid-row: span N` (or a colspan/rowspan attribute) spans it.
Bootstrap-like page layouts (`row` > `col-md-8`) hold blocks in their columns and one row, so
they stay containers.
"""

from __future__ import annotations

import re

from lxml import html

GRID_TAGS = frozenset({"div", "section", "ul", "ol", "dl", "article"})
_ROW_TAGS = frozenset({"div", "li", "ul", "dl", "p", "section"})
_BLOCKS = frozenset({"p", "div", "table", "ul", "ol", "li", "dl", "section", "article", "h1", "h2", "h3", "h4",
                     "h5", "h6", "blockquote", "pre", "form", "header", "footer", "nav", "aside"})
ROW_NAME = re.compile(r"(?:^|[\s_-])(?:row|tr|line)(?:$|[\s_-]|\d)", re.I)
CELL_NAME = re.compile(r"(?:^|[\s_-])(?:cell|col|td|th|item)(?:$|[\s_-]|\d)", re.I)
_ROW_DISPLAY = re.compile(r"display\s*:\s*(?:grid|inline-grid|flex|inline-flex|table-row)\b", re.I)
_CELL_DISPLAY = re.compile(r"display\s*:\s*table-cell\b", re.I)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CLASS = re.compile(r"\.([\w-]+)\s*$")
_MIN_ROWS = 2
_MIN_CELLS = 2


def display_classes(root: html.HtmlElement) -> tuple[frozenset[str], frozenset[str]]:
    """Classes the page's <style> rules make rows (grid, flex, table-row) and cells (table-cell):
    the last class of each selector ("`.fund .g-row`" gives g-row)."""
    rows: set[str] = set()
    cells: set[str] = set()
    for style in root.iter("style"):
        for selectors, body in _RULE.findall(style.text or ""):
            target = rows if _ROW_DISPLAY.search(body) else cells if _CELL_DISPLAY.search(body) else None
            if target is None:
                continue
            for selector in selectors.split(","):
                found = _CLASS.search(selector.strip())
                if found:
                    target.add(found.group(1))
    return frozenset(rows), frozenset(cells)


def _classes(element: html.HtmlElement) -> set[str]:
    return set(element.get("class", "").split())


def _names(element: html.HtmlElement) -> str:
    return f"{element.get('id', '')} {element.get('class', '')}"


def _children(element: html.HtmlElement) -> list[html.HtmlElement]:
    return [child for child in element if isinstance(child.tag, str)]


def _is_cell(element: html.HtmlElement) -> bool:
    return not any(isinstance(e.tag, str) and e.tag in _BLOCKS for e in element.iterdescendants())


def grid_rows(element: html.HtmlElement, classes: tuple[frozenset[str], frozenset[str]]) -> list[
        list[html.HtmlElement]] | None:
    """The rows of cells of a <div> grid (see the module docstring), or None when it is none."""
    if element.tag not in GRID_TAGS:
        return None
    rows = _children(element)
    if len(rows) < _MIN_ROWS:
        return None
    row_classes, cell_classes = classes
    grid: list[list[html.HtmlElement]] = []
    marked = False
    for row in rows:
        if row.tag not in _ROW_TAGS:
            return None
        cells = _children(row)
        if not cells or not all(_is_cell(cell) for cell in cells):
            return None
        marked = marked or _marked_row(row, row_classes) or all(_marked_cell(c, cell_classes) for c in cells)
        grid.append(cells)
    wide = sum(1 for cells in grid if len(cells) >= _MIN_CELLS)
    return grid if marked and wide >= _MIN_ROWS else None


def _marked_row(row: html.HtmlElement, row_classes: frozenset[str]) -> bool:
    return bool(ROW_NAME.search(_names(row)) or _ROW_DISPLAY.search(row.get("style", ""))
                or _classes(row) & row_classes)


def _marked_cell(cell: html.HtmlElement, cell_classes: frozenset[str]) -> bool:
    return bool(CELL_NAME.search(_names(cell)) or _CELL_DISPLAY.search(cell.get("style", ""))
                or _classes(cell) & cell_classes)


_STYLE_SPAN = {"colspan": re.compile(r"grid-column\s*:\s*span\s+(\d{1,9})", re.I),
               "rowspan": re.compile(r"grid-row\s*:\s*span\s+(\d{1,9})", re.I)}


def style_span(cell: html.HtmlElement, name: str) -> str | None:
    """A div cell's span from its inline style (`grid-column: span 2`), None when it states none."""
    found = _STYLE_SPAN[name].search(cell.get("style", ""))
    return found.group(1) if found else None
