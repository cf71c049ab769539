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
    "decimal": ("exact decimal text", "REAL (prints back as the same decimal)",
                f"decimal128({DECIMAL_PRECISION}, {DECIMAL_SCALE})"),
}

_INTRO = """# Data dictionary of the ingest tables

`extractor ingest SRC... --out DIR` writes five tables, the same rows and columns in every format:
`DIR/csv/<table>.csv` (UTF-8 with BOM), `DIR/parquet/<table>.parquet` and the tables of
`DIR/reports.db`. The full record of each document is in `DIR/records.jsonl` (schema:
`docs/record.schema.json`). Rows are ordered by the key. `documents` has one row per current file (per
record of a workbook); `doc_id` comes from the file's location, so it stays the same when the file is
edited. Copies of one report share a `report_key`; one of them `is_primary`, and the views count
reports by their primary copies. `history` keeps every version of every file. Amounts are in yuan
(元) and exact: decimal text in CSV, decimal128 in Parquet, a REAL that prints back as the same decimal
in SQLite (a value beyond 15 significant digits, more than 2 decimals of a yuan or 10 of a rate is
rounded with a `value_rounded` warning on its document; records.jsonl keeps the document's digits).
Text cells starting with = + - @, a tab or a carriage return get a leading apostrophe in CSV. Generated
from `extractor/ingest/columns.py` by `python -m extractor.ingest.dictionary`; a test fails if it drifts.
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
