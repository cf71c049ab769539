"""Mutations of Office packages (DOCX, XLSX): their XML parts, their zip structure, and bombs.

A package is unpacked, one part is changed (an attribute bomb, far cells, a rows bomb, a crafted
styles.xml, odd values) or replaced by a compressed bomb, and it is packed again; or the packed
bytes are damaged (declared sizes, CRCs, flipped bits).
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile

from .mutate_bytes import BYTE_MUTATIONS, HUGE_NUMBERS, ODD_AMOUNTS, ODD_FIELDS, REGEX_BAIT

DOCX_MAIN = "word/document.xml"
XML_REFS = ["&#xE000;123", "&#xD800;", "&#xFFFE;", "&#0;", "_xD800_", "_x0000_", "&#x10FFFF;", "\U0010ffff"]


def unpack(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def pack(parts: dict[str, bytes], bombs: dict[str, tuple[bytes, bytes, bytes, int]] | None = None) -> bytes:
    """Parts zipped again; a bomb (head, body, tail, times) is streamed so it is never held whole."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in parts.items():
            # A fixed time stamp: the same case packs to the same bytes on every run.
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if bombs and name in bombs:
                head, body, tail, times = bombs[name]
                with archive.open(info, "w", force_zip64=True) as member:
                    member.write(head)
                    block = body * max(1, 2**20 // max(len(body), 1))
                    for _ in range(times * len(body) // len(block) + 1):
                        member.write(block)
                    member.write(tail)
            else:
                archive.writestr(info, content, compresslevel=1)
    return out.getvalue()


def _sub_some(pattern: str, xml: str, replace: str, rng: random.Random, count: int) -> str:
    found = list(re.finditer(pattern, xml))
    if not found:
        return xml
    chosen = sorted(rng.sample(found, min(count, len(found))), key=lambda m: m.start(), reverse=True)
    for match in chosen:
        xml = xml[:match.start()] + match.expand(replace) + xml[match.end():]
    return xml


def _repeat_element(xml: str, tag: str, rng: random.Random, times: int) -> str:
    found = list(re.finditer(rf"<{tag}\b[^>]*>.*?</{tag}>", xml, re.S))
    if not found:
        return xml
    match = rng.choice(found)
    copy = match.group()
    times = min(times, 8 * 2**20 // max(len(copy), 1))
    return xml[:match.end()] + copy * times + xml[match.end():]


def _odd_text(xml: str, rng: random.Random, text_tag: str) -> str:
    values = ODD_FIELDS + ODD_AMOUNTS + XML_REFS + [rng.choice(REGEX_BAIT) * rng.choice([1000, 100_000, 1_000_000])]
    value = rng.choice(values)
    value = value.replace("\ue000", "&#xE000;").replace("\x00", "&#0;")
    return _sub_some(rf"(<{text_tag}\b[^>]*>)[^<]*(</{text_tag}>)", xml, rf"\g<1>{value}\g<2>", rng,
                     rng.randint(1, 5))


def mutate_document_xml(xml: str, rng: random.Random) -> str:
    choice = rng.randrange(9)
    number = rng.choice(HUGE_NUMBERS)
    if choice == 0:
        return _sub_some(r'<w:tcW ', xml, f'<w:gridSpan w:val="{number}"/><w:tcW ', rng, rng.choice([1, 5, 50]))
    if choice == 1:
        return _sub_some(r'<w:gridSpan w:val="\d+"/>', xml, f'<w:gridSpan w:val="{number}"/>', rng, 3)
    if choice == 2:
        return _sub_some(r"<w:tr>", xml, f'<w:tr><w:trPr><w:gridBefore w:val="{number}"/></w:trPr>', rng, 2)
    if choice == 3:
        return _repeat_element(xml, "w:tr", rng, rng.choice([100, 5_000, 50_000]))
    if choice == 4:
        return _repeat_element(xml, "w:tc", rng, rng.choice([100, 5_000, 50_000]))
    if choice == 5:
        return _repeat_element(xml, "w:p", rng, rng.choice([1_000, 30_000, 200_000]))
    if choice == 6:
        depth = rng.choice([100, 300, 3_000])
        return xml.replace("<w:body>", "<w:body>" + "<w:sdt><w:sdtContent>" * depth + "<w:p/>"
                           + "</w:sdtContent></w:sdt>" * depth, 1)
    if choice == 7:
        return _sub_some(r"<w:tcPr>", xml, '<w:tcPr><w:vMerge w:val="continue"/>', rng, rng.choice([1, 10, 100]))
    return _odd_text(xml, rng, "w:t")


def _far_ref(rng: random.Random) -> str:
    return rng.choice(["XFD1048576", "XFD1", "A1048576", "ZZZ9999999", "AAAA1", "A0", "a1", "A99999999999",
                       "XFD99", f"{rng.choice('ABCZ')}{rng.randint(1, 2_000_000)}"])


def mutate_sheet_xml(xml: str, rng: random.Random) -> str:
    choice = rng.randrange(8)
    if choice == 0:
        return _sub_some(r'<c r="[A-Z]+\d+"', xml, f'<c r="{_far_ref(rng)}"', rng, rng.choice([1, 2]))
    if choice == 1:
        return _sub_some(r'<dimension ref="[^"]*"', xml, f'<dimension ref="A1:{_far_ref(rng)}"', rng, 1)
    if choice == 2:
        merges = "".join(f'<mergeCell ref="A{i + 1}:{_far_ref(rng)}"/>' for i in range(rng.choice([1, 3, 50])))
        if "<mergeCells" in xml:
            return re.sub(r"(<mergeCells[^>]*>)", lambda m: m.group(1) + merges, xml, count=1)
        return xml.replace("</sheetData>", f"</sheetData><mergeCells>{merges}</mergeCells>", 1)
    if choice == 3:  # a rows bomb: one row copied many times, each with its own number
        rows = list(re.finditer(r"<row\b[^>]*>.*?</row>", xml, re.S))
        if not rows:
            return xml
        template = re.sub(r'\br="[A-Z]*\d+"', "", rng.choice(rows).group())
        times = rng.choice([1_000, 30_000, 200_000])
        times = min(times, 8 * 2**20 // max(len(template), 1))
        return xml.replace("</sheetData>", template * times + "</sheetData>", 1)
    if choice == 4:
        return _sub_some(r"<v>[^<]*</v>", xml, f"<v>{rng.choice(ODD_AMOUNTS + HUGE_NUMBERS)}</v>", rng, 5)
    if choice == 5:
        return _sub_some(r'\bs="\d+"', xml, f's="{rng.choice(HUGE_NUMBERS)}"', rng, 5)
    if choice == 6:
        return _sub_some(r'<c r="([A-Z]+\d+)"', xml, r'<c r="\1" t="s"', rng, 3)
    return _odd_text(xml, rng, "t")


def mutate_styles_xml(xml: str, rng: random.Random) -> str:
    choice = rng.randrange(6)
    times = rng.choice([1_000, 30_000, 300_000])
    if choice == 0:  # sections opened and never closed: a lazy regex rescans the rest each time
        return xml.replace("<numFmts", "<numFmts>" * times + "<numFmts", 1)
    if choice == 1:
        return xml.replace("<cellXfs", "<cellXfs " * times + "<cellXfs", 1)
    if choice == 2:  # one start tag with a huge run of attribute-like text
        return xml.replace("<xf ", "<xf " + "a" * (times * 10) + " ", 1)
    if choice == 3:
        codes = ["0." + "0" * rng.choice([30, 60, 300]) + "%", "#,##0." + "0" * 40, "0" * 50 + ".00",
                 '0.00"' + "万" * 10_000 + '"', "[Red][<0]" * 100, '"', "\\", ";;;", "0.00E+00", "yyyy年m月",
                 "#,##0.00" * 200, "0%%%%%%%%%%%%%%%%%%%%", "0.0#" + "#" * 40]
        return _sub_some(r'formatCode="[^"]*"', xml, f'formatCode="{rng.choice(codes)}"', rng, 3)
    if choice == 4:
        return _sub_some(r'numFmtId="\d+"', xml, f'numFmtId="{rng.choice(HUGE_NUMBERS)}"', rng, 5)
    return xml.replace("<numFmt ", "<numFmt " + "formatCode='x' " * times, 1)


def _xml_mutation(name: str, xml: str, rng: random.Random) -> str:
    if name == DOCX_MAIN:
        return mutate_document_xml(xml, rng)
    if name.startswith("xl/worksheets/"):
        return mutate_sheet_xml(xml, rng)
    if name == "xl/styles.xml":
        return mutate_styles_xml(xml, rng)
    return _odd_text(xml, rng, rng.choice(["t", "w:t", "sheet"]))


def _bomb(name: str, rng: random.Random) -> tuple[bytes, bytes, bytes, int]:
    size = rng.choice([20, 60, 150, 280]) * 2**20
    if name == DOCX_MAIN:
        head = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                b'2006/main"><w:body>')
        body = rng.choice([b"<w:p><w:r><w:t>\xe5\x85\xa8\xe5\xb9\xb4\xe9\xa2\x84\xe7\xae\x97\xe6\x95\xb0100"
                           b"\xe4\xb8\x87\xe5\x85\x83</w:t></w:r></w:p>",
                           b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
                           b"<w:p><w:r><w:t>" + b"a" * 1000 + b"</w:t></w:r></w:p>"])
        return head, body, b"</w:body></w:document>", size // len(body)
    head = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    body = b'<row><c t="inlineStr"><is><t>1</t></is></c><c><v>2</v></c></row>'
    return head, body, b"</sheetData></worksheet>", size // len(body)


def _patch_directory(data: bytes, rng: random.Random) -> bytes:
    """Lie in the central directory: sizes and CRCs that do not match the members."""
    out = bytearray(data)
    positions = [m.start() for m in re.finditer(rb"PK\x01\x02", data)]
    for at in rng.sample(positions, min(len(positions), rng.randint(1, 3))):
        field = rng.choice([16, 20, 24, 42])  # CRC, compressed size, size, local header offset
        value = rng.choice([0, 1, 0x7FFFFFFF, 0xFFFFFFF0, 0xFFFFFFFF, rng.getrandbits(32)])
        struct.pack_into("<L", out, at + field, value)
    return bytes(out)


def mutate_package(data: bytes, rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.15:
        return rng.choice(BYTE_MUTATIONS)(data, rng)
    if roll < 0.25:
        return _patch_directory(data, rng)
    try:
        parts = unpack(data)
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):  # a seed that is no package (encrypted.docx)
        return rng.choice(BYTE_MUTATIONS)(data, rng)
    xml_parts = [n for n in parts if n.endswith((".xml", ".rels"))]
    main = [n for n in xml_parts if n == DOCX_MAIN or n.startswith("xl/worksheets/") or n == "xl/styles.xml"]
    if roll < 0.33:
        target = rng.choice(main or xml_parts)
        return pack(parts, {target: _bomb(target, rng)})
    if roll < 0.38:
        del parts[rng.choice(list(parts))]
        return pack(parts)
    for _ in range(rng.randint(1, 2)):
        target = rng.choice(main * 3 + xml_parts)
        xml = parts[target].decode("utf-8", "replace")
        parts[target] = _xml_mutation(target, xml, rng).encode("utf-8", "surrogatepass")
    packed = pack(parts)
    return rng.choice(BYTE_MUTATIONS)(packed, rng) if rng.random() < 0.1 else packed
