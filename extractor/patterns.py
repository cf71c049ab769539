"""Load the regex patterns kept as data in `patterns/*.toml`, compiled once.

Each file is one concern. `[vars]` in `common.toml` are macros: `<<NAME>>` in a regex
is replaced by that var's text (itself expanded first). Every pattern carries
examples that `tests/test_patterns.py` runs. Matching goes through `search` / `match` /
`fullmatch` / `finditer` here, so hostile input cannot hang a worker: see `deadline`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import regex

from extractor.deadline import DeadlineExceeded, active, deadline, timeout_for

__all__ = ["TIMEOUT_SECONDS", "DeadlineExceeded", "Pattern", "compile_all", "concerns", "deadline", "expand_macros",
           "finditer", "fullmatch", "get", "load", "match", "requires", "search", "table", "words"]

# A call made outside any document deadline (a library user calling the helpers) has its own timeout.
TIMEOUT_SECONDS = 2.0
_MACRO = regex.compile(r"<<(\w+)>>")


@dataclass(frozen=True, slots=True)
class Pattern:
    name: str
    source: str
    flags: int
    examples: list[dict[str, Any]] = field(default_factory=list)
    # Words of which any match holds at least one (`requires` in the file): a text holding none is
    # not matched at all, which is how the many patterns asked of every paragraph stay cheap.
    requires: tuple[str, ...] = ()


def patterns_dir() -> Traversable:
    """The patterns inside the package: `extractor/_patterns` (in a checkout a symlink to the top-level
    `patterns/`; in a wheel, a `pip install --target` or a zipapp, the files themselves)."""
    return resources.files("extractor").joinpath("_patterns")


@cache
def _vars() -> dict[str, str]:
    raw = {str(k): str(v) for k, v in _read_cached("common").get("vars", {}).items()}
    expanded: dict[str, str] = {}

    def expand(name: str, depth: int = 0) -> str:
        if name in expanded:
            return expanded[name]
        if depth > 20:
            raise ValueError(f"macro cycle at {name}")
        text: str = _MACRO.sub(lambda m: expand(m.group(1), depth + 1), raw[name])
        expanded[name] = text
        return text

    for name in raw:
        expand(name)
    return expanded


def _read(concern: str) -> dict[str, Any]:
    return tomllib.loads(patterns_dir().joinpath(f"{concern}.toml").read_text(encoding="utf-8"))


def expand_macros(source: str) -> str:
    variables = _vars()
    expanded: str = _MACRO.sub(lambda m: variables[m.group(1)], source)
    return expanded


@cache
def load(concern: str) -> dict[str, Pattern]:
    """All patterns of one concern file, by name (compiled by `get` on first use)."""
    result: dict[str, Pattern] = {}
    for entry in _read_cached(concern).get("pattern", []):
        flags = regex.VERBOSE if entry.get("verbose", False) else 0
        result[entry["name"]] = Pattern(entry["name"], expand_macros(entry["regex"]), flags | regex.V1,
                                        list(entry.get("examples", [])), tuple(entry.get("requires", ())))
    return result


def words(concern: str, key: str) -> list[str]:
    """A plain word list kept beside the patterns (e.g. level names)."""
    value = _read_cached(concern).get("words", {}).get(key, [])
    return [str(v) for v in value]


def table(concern: str, key: str) -> dict[str, Any]:
    value: dict[str, Any] = _read_cached(concern).get(key, {})
    return value


@cache
def _read_cached(concern: str) -> dict[str, Any]:
    return _read(concern)


@cache
def requires(qualified: str) -> tuple[str, ...]:
    concern, _, name = qualified.partition(".")
    return load(concern)[name].requires


@cache
def get(qualified: str) -> regex.Pattern[str]:
    """`get("funds.budget_total")` -> the compiled pattern, compiled once; a pattern a document
    never needs is never compiled, which keeps a one-file run's start-up short."""
    concern, _, name = qualified.partition(".")
    pattern = load(concern)[name]
    return regex.compile(pattern.source, pattern.flags)


# What the four matching functions need of a pattern, in one dict lookup: compiled, and its words.
_READY: dict[str, tuple[regex.Pattern[str], tuple[str, ...]]] = {}


def _ready(qualified: str) -> tuple[regex.Pattern[str], tuple[str, ...]]:
    entry = _READY[qualified] = (get(qualified), requires(qualified))
    return entry


def _lacks(words: tuple[str, ...], text: str) -> bool:
    """The text holds none of the words a match needs (so the pattern cannot match it)."""
    for word in words:
        if word in text:
            return False
    return bool(words)


# Inside a document's deadline armed by SIGALRM (`active()`) a call passes no timeout: the
# regex module reads the CPU clock for one, about 1.7 µs a call, more than most matches take.
# Elsewhere (another thread, or no deadline) the timeout is what is left of the deadline. These
# four run thousands of times a document, so each does its one lookup and its checks inline.


def search(qualified: str, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
    compiled, words = _READY.get(qualified) or _ready(qualified)
    if words and _lacks(words, text):
        return None
    if active():
        return compiled.search(text, pos, endpos)
    return compiled.search(text, pos, endpos, timeout=timeout_for(TIMEOUT_SECONDS))


def match(qualified: str, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
    compiled, words = _READY.get(qualified) or _ready(qualified)
    if words and _lacks(words, text):
        return None
    if active():
        return compiled.match(text, pos, endpos)
    return compiled.match(text, pos, endpos, timeout=timeout_for(TIMEOUT_SECONDS))


def fullmatch(qualified: str, text: str) -> regex.Match[str] | None:
    compiled, words = _READY.get(qualified) or _ready(qualified)
    if words and _lacks(words, text):
        return None
    if active():
        return compiled.fullmatch(text)
    return compiled.fullmatch(text, timeout=timeout_for(TIMEOUT_SECONDS))


def finditer(qualified: str, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match[str]]:
    compiled, words = _READY.get(qualified) or _ready(qualified)
    if words and _lacks(words, text):
        return iter(())
    found: Iterator[regex.Match[str]]
    if active():
        found = compiled.finditer(text, pos, endpos)
    else:
        found = compiled.finditer(text, pos, endpos, timeout=timeout_for(TIMEOUT_SECONDS))
    return found


def compile_all() -> int:
    """Compile every pattern of every concern now (how many): for a process that forks workers, so
    each starts with them compiled instead of compiling them on its first documents."""
    count = 0
    for concern in concerns():
        for name in load(concern):
            _ready(f"{concern}.{name}")
            count += 1
    return count


def concerns() -> list[str]:
    return sorted(p.name.removesuffix(".toml") for p in patterns_dir().iterdir() if p.name.endswith(".toml"))
