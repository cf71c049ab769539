"""A Word table cut in two by a page break: the second part is read onto the first.

Word writes one table per page break an author put inside a table; what marks the second part is
where it stands (right after the first, nothing but empty paragraphs between), its width, and
its blank first cell (the first column's merge carried on from above).
"""

from __future__ import annotations

from extractor.document import Table


def continues_table(previous: Table, table: Table) -> bool:
    """A table right after another (nothing but empty paragraphs between), as wide, whose first
    cell is blank: the rest of the same table, cut by a page break, its first column's merge
    carried on from above ("产出指标" over rows on both sides of the cut)."""
    first = table.rows[0]
    return (bool(first) and first[0].col == 0 and not first[0].text.strip()
            and table.n_cols == previous.n_cols)


def join_continuation(previous: Table, table: Table) -> None:
    """Append `table`'s rows to `previous`: its blank first-row cells continue the merged cells
    above them, the other cells move down by the rows already there."""
    offset = len(previous.rows)
    above = previous.grid()[-1]
    carried: set[int] = set()
    for cell in table.rows[0]:
        top = above[cell.col] if cell.col < len(above) else None
        if (not cell.text.strip() and top is not None and top.text.strip()
                and (top.col, top.colspan) == (cell.col, cell.colspan)):
            top.rowspan += cell.rowspan
            carried.add(id(cell))
    for row in table.rows:
        kept = [cell for cell in row if id(cell) not in carried]
        for cell in kept:
            cell.row += offset
        previous.rows.append(kept)
