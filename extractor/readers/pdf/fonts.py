"""The font pdfium reads text with when a PDF does not embed its CJK font.

A font that is not embedded (reportlab's STSong-Light, a report system's SimSun) is replaced by a
system font. That made the text depend on the machine and cost time:
- without CJK fonts (a fresh machine) pdfium's substitute has no CJK glyphs, every glyph box is
  empty, and pdfium drops a text object whose box has no width: a cell's last character wrapped
  onto its own line ("补贴人" / "数") vanished; with fonts installed the glyph boxes, and with them
  pdfium's line breaks, differ again;
- with fonts-noto-cjk installed, each document loads a 20-26 MB font file, and every character's
  box loads and interprets its CFF outline, twice (page objects, text page): 9x the cost of the
  same pages with the font embedded.

While the reader reads (`reading()`), pdfium gets a tiny generated TrueType font instead whose
glyphs are plain boxes (full width above U+2E80, half width below, spaces empty). Advance widths
still come from the PDF's own /W and /Widths, so character positions are the PDF's; only the glyph
boxes are ours, the same on every machine. Everything else (page images for the review report)
gets the system's fonts as before: the font info delegates to pdfium's default one.
"""

from __future__ import annotations

import ctypes
import re
import struct
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

# Windows charsets pdfium passes for CJK requests (GB2312, Big5, Shift-JIS, Hangul, Johab).
_CJK_CHARSETS = {128, 129, 130, 134, 136}
# Family names of CJK fonts written in ASCII (a non-ASCII family name is CJK by itself).
_CJK_FAMILY = re.compile(
    r"song|sun|hei|kai|fang|ming|yuan|yahei|gothic|mincho|batang|gulim|dotum|cjk|han[ \-_]?sans|"
    r"han[ \-_]?serif|gb|big5|sj|ksc|adobe|heiti|simli|stxi|li[ \-_]?su|you[ \-_]?yuan|dengxian",
    re.IGNORECASE,
)
FACE_NAME = b"ExtractorGlyphBoxes"
_UNITS = 1000
_ASCENT, _DESCENT = 880, -120

# Glyph ids of the generated font.
_NOTDEF, _SPACE, _WIDE_SPACE, _HALF, _FULL = range(5)
_ADVANCES = [1000, 500, 1000, 500, 1000]
# (first code point, last code point, glyph): format 13 cmap groups, in order.
_GROUPS = [
    (0x0020, 0x0020, _SPACE),
    (0x0021, 0x007E, _HALF),
    (0x00A0, 0x00A0, _SPACE),
    (0x00A1, 0x1FFF, _HALF),
    (0x2000, 0x200B, _SPACE),
    (0x200C, 0x2E7F, _HALF),
    (0x2E80, 0x2FFF, _FULL),
    (0x3000, 0x3000, _WIDE_SPACE),
    (0x3001, 0xD7FF, _FULL),
    (0xE000, 0xFF60, _FULL),
    (0xFF61, 0xFFDC, _HALF),
    (0xFFDD, 0xFFFD, _FULL),
    (0x10000, 0x10FFFF, _FULL),
]


def is_cjk_request(charset: int, family: bytes) -> bool:
    """Whether pdfium asks for a font that writes Chinese, Japanese or Korean."""
    if charset in _CJK_CHARSETS:
        return True
    try:
        name = family.decode("ascii")
    except UnicodeDecodeError:
        return True  # 宋体, 仿宋_GB2312 written in GBK or UTF-8
    return bool(_CJK_FAMILY.search(name))


# --- the generated font ------------------------------------------------------------------------


def _box_glyph(width: int) -> bytes:
    # One closed contour, four on-curve points: (0, descent) (w, descent) (w, ascent) (0, ascent).
    header = struct.pack(">hhhhh", 1, 0, _DESCENT, width, _ASCENT)
    points = [(0, _DESCENT), (width, _DESCENT), (width, _ASCENT), (0, _ASCENT)]
    deltas: list[tuple[int, int]] = []
    last = (0, 0)
    for x, y in points:
        deltas.append((x - last[0], y - last[1]))
        last = (x, y)
    body = struct.pack(">HH", 3, 0) + bytes([0x01] * 4)  # endPts, no instructions, on-curve flags
    body += b"".join(struct.pack(">h", dx) for dx, _ in deltas)
    body += b"".join(struct.pack(">h", dy) for _, dy in deltas)
    return header + body


def _glyphs() -> list[bytes]:
    return [b"", b"", b"", _box_glyph(500), _box_glyph(1000)]


def _cmap() -> bytes:
    groups = b"".join(struct.pack(">III", first, last, glyph) for first, last, glyph in _GROUPS)
    subtable = struct.pack(">HHIII", 13, 0, 16 + len(groups), 0, len(_GROUPS)) + groups
    return struct.pack(">HHHHI", 0, 1, 3, 10, 12) + subtable


def _name() -> bytes:
    records = [(1, FACE_NAME), (2, b"Regular"), (4, FACE_NAME), (6, FACE_NAME)]
    strings = b""
    entries = b""
    for name_id, text in records:
        encoded = text.decode("ascii").encode("utf-16-be")
        entries += struct.pack(">HHHHHH", 3, 1, 0x409, name_id, len(encoded), len(strings))
        strings += encoded
    return struct.pack(">HHH", 0, len(records), 6 + 12 * len(records)) + entries + strings


def _pack(fields: list[tuple[str, str, Any]]) -> bytes:
    """A table from (field name, struct format, value) triples: the names document the layout."""
    return struct.pack(">" + "".join(fmt for _, fmt, _ in fields), *(value for _, _, value in fields))


def _os2() -> bytes:
    return _pack([
        ("version", "H", 1), ("xAvgCharWidth", "h", 750), ("usWeightClass", "H", 400),
        ("usWidthClass", "H", 5), ("fsType", "H", 0),
        ("ySubscriptXSize", "h", 650), ("ySubscriptYSize", "h", 700), ("ySubscriptXOffset", "h", 0),
        ("ySubscriptYOffset", "h", 140), ("ySuperscriptXSize", "h", 650), ("ySuperscriptYSize", "h", 700),
        ("ySuperscriptXOffset", "h", 0), ("ySuperscriptYOffset", "h", 480), ("yStrikeoutSize", "h", 50),
        ("yStrikeoutPosition", "h", 250), ("sFamilyClass", "h", 0), ("panose", "10s", bytes(10)),
        ("ulUnicodeRange1", "I", 0), ("ulUnicodeRange2", "I", 0), ("ulUnicodeRange3", "I", 0),
        ("ulUnicodeRange4", "I", 0), ("achVendID", "4s", b"XTRC"), ("fsSelection", "H", 0x40),
        ("usFirstCharIndex", "H", 0x20), ("usLastCharIndex", "H", 0xFFFF),
        ("sTypoAscender", "h", _ASCENT), ("sTypoDescender", "h", _DESCENT), ("sTypoLineGap", "h", 0),
        ("usWinAscent", "H", _ASCENT), ("usWinDescent", "H", -_DESCENT),
        ("ulCodePageRange1", "I", 0x00040001), ("ulCodePageRange2", "I", 0),  # Latin 1, Chinese (PRC)
    ])


def _head() -> bytes:
    return _pack([
        ("version", "I", 0x00010000), ("fontRevision", "I", 0x00010000), ("checkSumAdjustment", "I", 0),
        ("magicNumber", "I", 0x5F0F3CF5), ("flags", "H", 0x000B), ("unitsPerEm", "H", _UNITS),
        ("created", "q", 0), ("modified", "q", 0),
        ("xMin", "h", 0), ("yMin", "h", _DESCENT), ("xMax", "h", 1000), ("yMax", "h", _ASCENT),
        ("macStyle", "H", 0), ("lowestRecPPEM", "H", 8), ("fontDirectionHint", "h", 2),
        ("indexToLocFormat", "h", 1), ("glyphDataFormat", "h", 0),
    ])


def _hhea(count: int) -> bytes:
    return _pack([
        ("version", "I", 0x00010000), ("ascender", "h", _ASCENT), ("descender", "h", _DESCENT),
        ("lineGap", "h", 0), ("advanceWidthMax", "H", 1000), ("minLeftSideBearing", "h", 0),
        ("minRightSideBearing", "h", 0), ("xMaxExtent", "h", 1000), ("caretSlopeRise", "h", 1),
        ("caretSlopeRun", "h", 0), ("caretOffset", "h", 0), ("reserved", "8s", bytes(8)),
        ("metricDataFormat", "h", 0), ("numberOfHMetrics", "H", count),
    ])


def _maxp(count: int) -> bytes:
    return _pack([
        ("version", "I", 0x00010000), ("numGlyphs", "H", count), ("maxPoints", "H", 4),
        ("maxContours", "H", 1), ("maxCompositePoints", "H", 0), ("maxCompositeContours", "H", 0),
        ("maxZones", "H", 1), ("maxTwilightPoints", "H", 0), ("maxStorage", "H", 0),
        ("maxFunctionDefs", "H", 0), ("maxInstructionDefs", "H", 0), ("maxStackElements", "H", 0),
        ("maxSizeOfInstructions", "H", 0), ("maxComponentElements", "H", 0), ("maxComponentDepth", "H", 0),
    ])


def _post() -> bytes:
    return _pack([
        ("version", "I", 0x00030000), ("italicAngle", "I", 0), ("underlinePosition", "h", -100),
        ("underlineThickness", "h", 50), ("isFixedPitch", "I", 0), ("minMemType42", "I", 0),
        ("maxMemType42", "I", 0), ("minMemType1", "I", 0), ("maxMemType1", "I", 0),
    ])


@cache
def box_font() -> bytes:
    """The generated TrueType font (about 1 KB), built once per process."""
    glyphs = _glyphs()
    offsets = [0]
    glyf = b""
    for glyph in glyphs:
        glyf += glyph + b"\0" * (len(glyph) % 2)
        offsets.append(len(glyf))
    count = len(glyphs)
    tables = {
        b"OS/2": _os2(),
        b"cmap": _cmap(),
        b"glyf": glyf,
        b"head": _head(),
        b"hhea": _hhea(count),
        b"hmtx": b"".join(struct.pack(">Hh", advance, 0) for advance in _ADVANCES),
        b"loca": b"".join(struct.pack(">I", offset) for offset in offsets),
        b"maxp": _maxp(count),
        b"name": _name(),
        b"post": _post(),
    }
    return _sfnt(tables)


def _sfnt(tables: dict[bytes, bytes]) -> bytes:
    count = len(tables)
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1, count * 16 - power * 16)
    directory = b""
    body = b""
    offset = 12 + 16 * count
    for tag in sorted(tables):
        data = tables[tag]
        directory += struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    return header + directory + body


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    words: tuple[int, ...] = struct.unpack(f">{len(padded) // 4}I", padded)
    return sum(words) & 0xFFFFFFFF


def font_table(tag: int) -> bytes | None:
    """One table of the generated font by its tag (as pdfium passes it), the whole font for 0."""
    data = box_font()
    if tag == 0:
        return data
    count = struct.unpack_from(">H", data, 4)[0]
    wanted = struct.pack(">I", tag)
    for index in range(count):
        name, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        if name == wanted:
            return data[offset : offset + length]
    return None


# --- pdfium's font info ------------------------------------------------------------------------

_STATE = threading.local()
_LOOKUPS = Counter[str]()


def system_lookups() -> int:
    """How often pdfium has asked the system for a font in this process (never while reading)."""
    return _LOOKUPS["system"]
_INSTALLED: list[Any] = []  # the struct, its callbacks and pdfium's default info, kept alive
_INSTALL_LOCK = threading.Lock()


def _reading() -> bool:
    return getattr(_STATE, "depth", 0) > 0


@contextmanager
def reading() -> Iterator[None]:
    """Pages loaded inside this block read non-embedded CJK fonts with the generated box font."""
    install()
    _STATE.depth = getattr(_STATE, "depth", 0) + 1
    try:
        yield
    finally:
        _STATE.depth -= 1


def install() -> None:
    """Give pdfium our font info (once per process): box font while reading, system fonts otherwise."""
    with _INSTALL_LOCK:
        if not _INSTALLED:
            _INSTALLED.append(_make_font_info())


def _make_font_info() -> Any:
    import pypdfium2  # noqa: F401  (initialises pdfium)
    import pypdfium2.raw as pdfium_c

    system = pdfium_c.FPDF_GetDefaultSystemFontInfo()
    font = box_font()
    data = ctypes.create_string_buffer(font, len(font))
    # Handles we give pdfium: addresses inside our own buffer, one per charset asked for.
    base = ctypes.addressof(data)
    info = pdfium_c.FPDF_SYSFONTINFO(version=1)
    callbacks = _callbacks(pdfium_c, info, system, base)
    for name, function in callbacks.items():
        setattr(info, name, function)
    pdfium_c.FPDF_SetSystemFontInfo(ctypes.byref(info))
    return info, callbacks, system, data


def _callbacks(pdfium_c: Any, info: Any, system: Any, base: int) -> dict[str, Any]:
    fields = dict(pdfium_c.FPDF_SYSFONTINFO._fields_)
    default = system.contents if system else None

    def ours(handle: Any) -> int | None:
        value = handle if isinstance(handle, int) else getattr(handle, "value", None)
        if value is not None and base <= value < base + 256:
            return value - base
        return None

    def release(this: Any) -> None:
        del this  # pdfium's default info lives as long as the process

    def enum_fonts(this: Any, mapper: Any) -> None:
        if default is not None and default.EnumFonts:
            default.EnumFonts(system, mapper)

    def map_font(this: Any, weight: int, italic: int, charset: int, pitch: int, face: Any, exact: Any) -> Any:
        family = ctypes.string_at(face) if face else b""
        if _reading():
            # Non-CJK fonts get pdfium's built-in fonts, as on a machine without any.
            return base + (charset & 0xFF) if is_cjk_request(charset, family) else None
        if default is None or not default.MapFont:
            return None
        _LOOKUPS["system"] += 1
        return default.MapFont(system, weight, italic, charset, pitch, face, exact)

    def get_font(this: Any, face: Any) -> Any:
        if _reading() or default is None or not default.GetFont:
            return None
        _LOOKUPS["system"] += 1
        return default.GetFont(system, face)

    def get_font_data(this: Any, handle: Any, table: int, buffer: Any, size: int) -> int:
        if ours(handle) is None:
            return int(default.GetFontData(system, handle, table, buffer, size)) if default is not None else 0
        found = font_table(table)
        if found is None:
            return 0
        if buffer and size >= len(found):
            ctypes.memmove(buffer, found, len(found))
        return len(found)

    def get_face_name(this: Any, handle: Any, buffer: Any, size: int) -> int:
        if ours(handle) is None:
            return int(default.GetFaceName(system, handle, buffer, size)) if default is not None else 0
        name = FACE_NAME + b"\0"
        if buffer and size >= len(name):
            ctypes.memmove(buffer, name, len(name))
        return len(name)

    def get_font_charset(this: Any, handle: Any) -> int:
        charset = ours(handle)
        if charset is None:
            return int(default.GetFontCharset(system, handle)) if default is not None else 0
        return int(charset)

    def delete_font(this: Any, handle: Any) -> None:
        if ours(handle) is None and default is not None:
            default.DeleteFont(system, handle)

    python = {
        "Release": release,
        "EnumFonts": enum_fonts,
        "MapFont": map_font,
        "GetFont": get_font,
        "GetFontData": get_font_data,
        "GetFaceName": get_face_name,
        "GetFontCharset": get_font_charset,
        "DeleteFont": delete_font,
    }
    return {name: fields[name](function) for name, function in python.items()}
