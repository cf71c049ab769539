"""Package parts read straight from the bytes: the same members and bytes as zipfile, and its checks."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from extractor.errors import ReadError
from extractor.readers import read_document
from extractor.readers.zip_members import read_directory, read_member

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
PACKAGES = sorted(CORPUS.glob("*.xlsx")) + sorted(CORPUS.glob("*.docx"))[:3]
WORKBOOK = CORPUS / "x01_sihong_gonglu_transfer.xlsx"


@pytest.mark.parametrize("path", PACKAGES, ids=lambda p: p.name)
def test_members_and_bytes_are_zipfiles(path: Path) -> None:
    data = path.read_bytes()
    members = read_directory(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        assert list(members) == [info.filename for info in infos]
        for info in infos:
            member = members[info.filename]
            assert (member.size, member.compressed_size, member.crc) == (info.file_size, info.compress_size, info.CRC)
            assert read_member(data, members, info.filename) == archive.read(info)


def test_bytes_before_the_archive_are_left_to_zipfile() -> None:
    data = b"MZ" + b"\0" * 510 + WORKBOOK.read_bytes()  # a self-extractor's stub
    members = read_directory(data)
    with zipfile.ZipFile(io.BytesIO(WORKBOOK.read_bytes())) as archive:
        assert read_member(data, members, "xl/styles.xml") == archive.read("xl/styles.xml")


def test_not_an_archive() -> None:
    with pytest.raises(zipfile.BadZipFile):
        read_directory(b"PK\x05\x06" + b"\0" * 5)  # an end record cut short
    with pytest.raises(zipfile.BadZipFile):
        read_directory(b"plain text, no archive")


def _patched(tmp_path: Path, name: str, field_offset: int, value: int, field: str = "<L") -> Path:
    """WORKBOOK with one field of `name`'s central directory entry replaced."""
    data = bytearray(WORKBOOK.read_bytes())
    entry = data.find(b"PK\x01\x02")
    while entry >= 0:
        name_length = struct.unpack_from("<H", data, entry + 28)[0]
        if data[entry + 46:entry + 46 + name_length] == name.encode():
            struct.pack_into(field, data, entry + field_offset, value)
            break
        entry = data.find(b"PK\x01\x02", entry + 4)
    path = tmp_path / f"patched_{field_offset}.xlsx"
    path.write_bytes(bytes(data))
    return path


def test_a_member_longer_than_declared_is_refused(tmp_path: Path) -> None:
    path = _patched(tmp_path, "xl/styles.xml", 24, 100)  # uncompressed size
    with pytest.raises(zipfile.BadZipFile, match="declares 100"):
        read_member(path.read_bytes(), read_directory(path.read_bytes()), "xl/styles.xml")
    error = _read_error(path)
    assert error.code == "corrupt_file"


def test_a_member_whose_checksum_differs_is_refused(tmp_path: Path) -> None:
    path = _patched(tmp_path, "xl/styles.xml", 16, 12345)  # CRC-32
    with pytest.raises(zipfile.BadZipFile, match="CRC-32"):
        read_member(path.read_bytes(), read_directory(path.read_bytes()), "xl/styles.xml")
    assert _read_error(path).code == "corrupt_file"


def _read_error(path: Path) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_document(path)
    return caught.value


def test_an_encrypted_member_is_named(tmp_path: Path) -> None:
    path = _patched(tmp_path, "xl/styles.xml", 8, 0x1, "<H")  # general purpose flags: encrypted
    with pytest.raises(zipfile.BadZipFile, match="encrypted"):
        read_member(path.read_bytes(), read_directory(path.read_bytes()), "xl/styles.xml")
    error = _read_error(path)
    assert error.code == "encrypted" and "xl/styles.xml" in error.detail
