"""An Office package's directory and parts, read straight from the file's bytes.

The XLSX reader reads three or four small parts of every workbook, and zipfile costs as much as
parsing them: 20-40 µs to build its directory (a ZipInfo per member, extra fields decoded) and
10-14 µs per part before inflating anything (a file object per member, the local header re-read
through it). The package's bytes are already in memory, so the central directory is unpacked
here and a part is sliced out and inflated with the checks zipfile makes (signatures, declared
size, CRC-32). An archive this does not model (ZIP64, data before the archive) is listed by
zipfile instead; members stored with another method (bzip2, LZMA) are inflated by zipfile.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import NamedTuple

_END = struct.Struct("<4s4H2LH")  # end of central directory record
_ENTRY = struct.Struct("<4s6H3L5H2L")  # central directory file header
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # local file header: signature, name and extra lengths
_END_SIGNATURE, _ENTRY_SIGNATURE, _LOCAL_SIGNATURE = b"PK\x05\x06", b"PK\x01\x02", b"PK\x03\x04"
_MAX_COMMENT = 0xFFFF
_ZIP64_MARK = 0xFFFFFFFF
_ZIP64_COUNT = 0xFFFF
_UTF8_NAME = 0x800
ENCRYPTED = 0x1


class Member(NamedTuple):
    flags: int
    method: int
    crc: int
    compressed_size: int
    size: int
    offset: int  # of the member's local header


def read_directory(data: bytes) -> dict[str, Member]:
    """The members of the archive `data` by name; zipfile.BadZipFile if it is not one."""
    try:
        return _read_directory(data)
    except struct.error as exc:
        raise zipfile.BadZipFile(f"Truncated central directory: {exc}") from exc


def _read_directory(data: bytes) -> dict[str, Member]:
    end = data.rfind(_END_SIGNATURE, max(0, len(data) - _END.size - _MAX_COMMENT))
    if end < 0:
        raise zipfile.BadZipFile("File is not a zip file")
    _, _, _, _, count, size, offset, _ = _END.unpack_from(data, end)
    if (count == _ZIP64_COUNT or offset == _ZIP64_MARK or offset + size > end
            or data[offset:offset + 4] != _ENTRY_SIGNATURE):
        return _directory_by_zipfile(data)
    members: dict[str, Member] = {}
    position = offset
    for _ in range(count):
        if data[position:position + 4] != _ENTRY_SIGNATURE:
            raise zipfile.BadZipFile("Bad magic number for central directory")
        (_, _, _, flags, method, _, _, crc, compressed, inflated, name_length, extra_length, comment_length,
         _, _, _, header) = _ENTRY.unpack_from(data, position)
        if _ZIP64_MARK in (compressed, inflated, header):
            return _directory_by_zipfile(data)
        name = data[position + _ENTRY.size:position + _ENTRY.size + name_length]
        members[name.decode("utf-8" if flags & _UTF8_NAME else "cp437")] = Member(
            flags, method, crc, compressed, inflated, header)
        position += _ENTRY.size + name_length + extra_length + comment_length
    return members


def _directory_by_zipfile(data: bytes) -> dict[str, Member]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: Member(info.flag_bits, info.compress_type, info.CRC, info.compress_size,
                                      info.file_size, info.header_offset) for info in archive.infolist()}


def read_member(data: bytes, members: dict[str, Member], name: str) -> bytes:
    """The inflated bytes of member `name` (KeyError if absent); zipfile.BadZipFile if damaged."""
    member = members[name]
    if member.flags & ENCRYPTED:
        raise zipfile.BadZipFile(f"{name}: encrypted")  # callers that say so check ENCRYPTED first
    if member.method not in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read(name)
    if not 0 <= member.offset <= len(data) - _LOCAL_HEADER.size:  # zipfile's offsets can even be negative
        raise zipfile.BadZipFile(f"{name}: local header beyond the file ({member.offset})")
    signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, member.offset)
    if signature != _LOCAL_SIGNATURE:
        raise zipfile.BadZipFile(f"{name}: bad local header signature")
    start = member.offset + _LOCAL_HEADER.size + name_length + extra_length
    raw = data[start:start + member.compressed_size]
    if member.method == zipfile.ZIP_STORED:
        inflated = raw
    else:
        # Inflating one byte past the declared size is enough to tell a lying header.
        inflated = zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw, member.size + 1)
    if len(inflated) != member.size:
        raise zipfile.BadZipFile(f"{name}: {len(inflated)} bytes where the directory declares {member.size}")
    if zlib.crc32(inflated) != member.crc:
        raise zipfile.BadZipFile(f"{name}: CRC-32 mismatch")
    return inflated
