"""Prose text units, possibly joined across paragraphs, with evidence mapped back."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.extract.context import TextUnit
from extractor.models import Evidence


@dataclass(frozen=True, slots=True)
class Joined:
    """Consecutive paragraphs read as one text (an indicator that spans lines)."""

    parts: tuple[TextUnit, ...]
    # Joined once: every step of reading the paragraph's indicators asks for them.
    text: str = field(init=False)
    folded: str = field(init=False)

    def __post_init__(self) -> None:
        single = self.parts[0] if len(self.parts) == 1 else None
        object.__setattr__(self, "text", single.text if single else "".join(p.text for p in self.parts))
        object.__setattr__(self, "folded", single.folded if single else "".join(p.folded for p in self.parts))

    @property
    def block(self) -> int:
        return self.parts[0].block

    def evidence(self, start: int, end: int) -> Evidence:
        """The span in the paragraph where it starts, clipped to that paragraph."""
        offset = 0
        for part in self.parts:
            length = len(part.text)
            if start < offset + length or part is self.parts[-1]:
                local_start = max(0, start - offset)
                local_end = max(local_start, min(end - offset, length))
                return part.evidence(local_start, local_end)
            offset += length
        raise AssertionError("unreachable")

    def whole(self) -> Evidence:
        return self.evidence(0, len(self.text))
