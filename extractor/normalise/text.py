"""Length-preserving folding of text for matching.

Patterns match the folded text while evidence spans point into the original, so the
fold must map one character to exactly one character.
"""

from __future__ import annotations

from extractor import patterns
from extractor.memo import per_document

# The Chinese comma stays: folding it to "," would make clause breaks look like
# thousands separators ("指标值1700，全年…").
_KEEP = {"，"}


def _build_fold_table() -> dict[int, int]:
    table: dict[int, int] = {}
    for code in range(0xFF01, 0xFF5F):
        char = chr(code)
        if char not in _KEEP:
            table[code] = code - 0xFEE0
    table[0x3000] = ord(" ")  # ideographic space
    table[0x00A0] = ord(" ")  # no-break space
    table[ord("．")] = ord(".")
    table[ord("﹪")] = ord("%")
    table[ord("∶")] = ord(":")
    table[ord("—")] = ord("—")
    table[ord("〜")] = ord("~")
    return table


FOLD_TABLE = _build_fold_table()


@per_document  # a cell's text is folded by its unit, the form's key, its value and the checks alike
def fold(text: str) -> str:
    """Fullwidth ASCII, ideographic spaces and look-alike signs become their ASCII forms."""
    return text.translate(FOLD_TABLE)


def shortfall_subject(text: str) -> str:
    """What a 偏差 sentence says fell short, without how: "见习补贴人数未达标" -> "见习补贴人数"."""
    found = patterns.search("statements.shortfall", fold(text))
    if found is None or found.end() != len(text):
        return text
    return text[found.start("subject"):found.end("subject")]
