"""The tuning thresholds of extraction and checking, in one place.

Each is a judgement about Chinese report text that a reader of one module would not guess from
the code around it, so they live here with the reason for their value rather than as literals
spread over the modules that use them. `SETTINGS` is the one instance the code reads; a test or
an experiment may build another with `dataclasses.replace`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Settings:
    # Dice similarity of character bigrams (normalised names) at or above which two names are the
    # same quantity: "年末城镇新增就业人数" ~ "城镇新增就业人数" but not "失业人员再就业人数".
    name_similarity: float = 0.6
    # A name's core shorter than this ("就业") is too generic for a sentence containing it to be
    # taken as naming the quantity.
    name_core_min: int = 3
    # A shortened name ("见习补贴人数" for "享受就业见习补贴人数") keeps at least this many characters
    # and half the name, so a generic word does not abbreviate everything.
    shorthand_min: int = 4
    # Decimals of a computed rate where no stated rate sets them (reports write rates as 79.59%).
    rate_decimals: int = 2
    # A sentence is a list of indicators ("…人数1200人、…率95%") when its items make up at least this
    # share of it; below it the figures are asides in prose.
    list_share: float = 0.7
    # How sure a value is that the form layer had to infer. A row cut out of a run-together line
    # where the arithmetic confirms the cut, where it does not contradict it, and where two cuts
    # fit equally (the first is taken); and a table rebuilt from one cell per line.
    cut_confirmed: float = 0.9
    cut_unconfirmed: float = 0.8
    cut_ambiguous: float = 0.5
    cell_lines: float = 0.8
    # A line longer than this is prose, not a row of a form whose cells ran together line by line.
    run_together_line_max: int = 200
    # Lines above a table read for its unit ("单位：万元" and the title line before it).
    lines_above_table: int = 2
    # A form rebuilt from lines (one cell per line) has its 项目名称 … lines above its funds header:
    # this many lines above it are read for its unit.
    lines_above_lines_form: int = 16


SETTINGS = Settings()
