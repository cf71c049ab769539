"""docs/tables.md, generated from `columns.TABLES` and the SQLite views (a test fails if the file drifts).

Regenerate: `.venv/bin/python -m extractor.ingest.dictionary > docs/tables.md`.
"""

from __future__ import annotations

from extractor.ingest.columns import DECIMAL_PRECISION, DECIMAL_SCALE, TABLES
from extractor.ingest.write_sqlite import INDEXES, VIEWS

_TYPES = {
    "text": ("string", "TEXT", "string"),
    "int": ("integer", "INTEGER", "int64"),
    "bool": ("true / false", "INTEGER 0/1", "bool"),
    "decimal": ("exact decimal text", "TEXT (exact decimal)", f"decimal128({DECIMAL_PRECISION}, {DECIMAL_SCALE})"),
}

_INTRO = """# Data dictionary of the ingest tables

`extractor ingest SRC... --out DIR` writes four tables, the same rows and columns in every format:
`DIR/csv/<table>.csv` (UTF-8 with BOM), `DIR/parquet/<table>.parquet` and the tables of
`DIR/reports.db`. The full record of each document is in `DIR/records.jsonl` (schema:
`docs/record.schema.json`). Rows are ordered by the key; `doc_id` is the file's sha256 (for a sheet of
a workbook, `sha256:sheet`). Amounts are in yuan (元) and exact: never binary floats. Generated from
`extractor/ingest/columns.py` by `python -m extractor.ingest.dictionary`; a test fails if it drifts.
"""


def data_dictionary() -> str:
    lines = [_INTRO]
    for table in TABLES:
        lines.append(f"## `{table.name}` — {table.zh}\n")
        lines.append(f"{table.en}. Key: ({', '.join(table.key)}).\n")
        lines.append("| column | 中文 | CSV | SQLite | Parquet | description |")
        lines.append("| --- | --- | --- | --- | --- | --- |")
        for column in table.columns:
            csv_type, sql_type, arrow_type = _TYPES[column.kind]
            lines.append(f"| `{column.name}` | {column.zh} | {csv_type} | {sql_type} | {arrow_type} | {column.en} |")
        lines.append("")
    lines.append("## SQLite indexes and views (`reports.db`)\n")
    lines.append("Foreign keys: `funds`, `indicators` and `findings`.`doc_id` reference `documents`.`doc_id`.\n")
    lines += [f"- `{statement}`" for statement in INDEXES]
    lines.append("")
    for name, (zh, en, _) in VIEWS.items():
        lines.append(f"- view `{name}` — {zh}. {en}.")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(data_dictionary(), end="")
