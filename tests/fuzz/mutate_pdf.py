"""Mutations of PDFs: their inflated streams (fonts' ToUnicode maps, page content) and their bytes.

A Flate stream is inflated, changed and deflated again with a direct /Length; the cross-reference
table is left stale, as in a damaged file (pdfium rebuilds it).
"""

from __future__ import annotations

import random
import re
import zlib

from .mutate_bytes import BYTE_MUTATIONS, MAX_BYTES

_STREAM = re.compile(rb"(<<(?:[^<>]|<<[^<>]*>>)*>>)(\s*stream\r?\n)(.*?)(\r?\nendstream)", re.S)
_LENGTH = re.compile(rb"/Length\s+(?:\d+\s+\d+\s+R|\d+)")
# Code points no JSON writer accepts (lone surrogates), non-characters and the writer's private mark.
BAD_UNICODE = [b"D800", b"DBFF", b"DC00", b"DFFF", b"FFFE", b"FFFF", b"E000", b"0000", b"D83DDE00", b"DBFFDFFF",
               b"D800D800", b"0041D800"]


def _inflated_streams(data: bytes) -> list[tuple[re.Match[bytes], bytes]]:
    found = []
    for match in _STREAM.finditer(data):
        if b"FlateDecode" not in match.group(1):
            continue
        try:
            found.append((match, zlib.decompress(match.group(3))))
        except zlib.error:
            continue
    return found


def _replace_stream(data: bytes, match: re.Match[bytes], content: bytes) -> bytes:
    packed = zlib.compress(content, 1)
    header = _LENGTH.sub(b"/Length %d" % len(packed), match.group(1), count=1)
    return data[:match.start()] + header + match.group(2) + packed + match.group(4) + data[match.end():]


def bad_to_unicode(cmap: bytes, rng: random.Random) -> bytes:
    """Map some glyphs to lone surrogates or other code points text must not hold."""
    targets = list(re.finditer(rb"(<[0-9A-Fa-f]+>\s*)<([0-9A-Fa-f]{4,8})>", cmap))
    if not targets:
        return cmap
    for match in sorted(rng.sample(targets, min(len(targets), rng.choice([1, 3, 10, 40]))),
                        key=lambda m: m.start(), reverse=True):
        cmap = cmap[:match.start()] + match.group(1) + b"<" + rng.choice(BAD_UNICODE) + b">" + cmap[match.end():]
    return cmap


def mutate_content(content: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(4)
    if choice == 0:  # the page drawn many times over
        return content * rng.choice([10, 200, 2000])
    if choice == 1:  # coordinates and sizes far out
        return re.sub(rb"-?\d+\.?\d*", lambda m: rng.choice([m.group(), b"1e30", b"-99999999", b"0", b"3e38"]),
                      content)
    if choice == 2:
        start = rng.randrange(len(content) + 1)
        return content[:start] + content[start:start + rng.randint(1, 2000)] * rng.choice([10, 1000]) + content[start:]
    return bytes(b ^ (1 << rng.randrange(8)) if rng.random() < 0.001 else b for b in content)


def _page_count_lie(data: bytes, rng: random.Random) -> bytes:
    return re.sub(rb"/Count\s+\d+", b"/Count %d" % rng.choice([0, 100000, 2**31 - 1, 10**12]), data, count=1)


def mutate_pdf(data: bytes, rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.3:
        return rng.choice(BYTE_MUTATIONS)(data, rng)
    if roll < 0.35:
        return _page_count_lie(data, rng)
    streams = _inflated_streams(data)
    if not streams:
        return rng.choice(BYTE_MUTATIONS)(data, rng)
    cmaps = [(m, s) for m, s in streams if b"bfchar" in s or b"bfrange" in s]
    if cmaps and roll < 0.7:
        match, content = rng.choice(cmaps)
        return _replace_stream(data, match, bad_to_unicode(content, rng))[:MAX_BYTES]
    pages = [(m, s) for m, s in streams if b"BT" in s and b"ET" in s] or streams
    match, content = rng.choice(pages)
    return _replace_stream(data, match, mutate_content(content, rng))[:MAX_BYTES]
