"""Results remembered for one document only.

The same text is asked the same question many times while one document is read (a cell's text
is folded for its unit, its header key, its value and its checks; a paragraph's labels are found
for joining lines, reading indicators and listing the rest). `per_document` remembers such
answers, and the pipeline forgets them all when the next document starts: what one report
wrote never costs memory while the next is read, and a benchmark that reads one file again and
again measures the first reading every time.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

_F = TypeVar("_F", bound=Callable[..., Any])
_CACHES: list[Any] = []
# Outside the pipeline (a library caller folding text after text) nobody calls `forget()`: the
# bound keeps such a caller's memory flat.
_MAX_ENTRIES = 8192


def per_document(function: _F) -> _F:
    """`function` remembered (by its hashable arguments) until `forget()`."""
    cached = lru_cache(maxsize=_MAX_ENTRIES)(function)
    _CACHES.append(cached)
    return cached  # type: ignore[return-value]


def forget() -> None:
    """A new document starts: drop everything remembered of the last one."""
    for cached in _CACHES:
        cached.cache_clear()
