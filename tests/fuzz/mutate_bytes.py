"""Mutations of any file's bytes, and of plain text and HTML pages.

Every mutation takes the input and a `random.Random` and returns new bytes, so a case is
reproducible from its seed. Sizes stay below ~8 MB: the readers' file-size limit is not what is
being tested, the limits on what the bytes expand into are.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

Mutation = Callable[[bytes, random.Random], bytes]
MAX_BYTES = 8 * 2**20

# Values a hostile or damaged file puts where a number belongs.
HUGE_NUMBERS = ["0", "-1", "1000", "65534", "1000000", "300000000", "2147483648", "1e9", "99999999999999999999",
                "9" * 40, "0x7fffffff", "NaN", "", " 12 "]
# Field values that must stay text in the JSON (the writer's private Decimal mark among them).
ODD_FIELDS = ["\ue000123", "\ue000-1.5", "\ue0000", "12345", "2024", "\ufffd", "\ud800", "\udfff", "\x00",
              "\ufeff", "\u202e", "\U0010ffff", "\ufffe"]
ODD_AMOUNTS = ["1" * 30 + ".5", "9" * 28, "99.33333333333333", "0.000000000000000001", "1e400", "1,2,3,4,5,6",
               "１２３４５６７８９０１２３４５６７８９０１２３", "一千亿亿亿亿亿", "-0", "0.", ".5",
               "99.999999999999999999%"]
LABELS = ["项目名称：", "资金名称：", "全年预算数：", "执行数：", "预算执行率：", "地区：", "年度：",
          "一级指标", "指标值", "实际完成值", "偏差原因：", "总分", "单位：万元"]
REGEX_BAIT = ["全年预算", "指标", "1", "1,", "、", "（", "万元", "%", " ", "\u3000", "：", "第一", "1.", "——", "其中"]


def _clip(data: bytes) -> bytes:
    return data[:MAX_BYTES]


def flip_bits(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 32)):
        at = rng.randrange(len(out))
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(1, max(2, len(data)))]


def overwrite(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    length = rng.randint(1, 256)
    return data[:at] + rng.randbytes(length) + data[at + length:]


def duplicate_chunk(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    chunk = data[start:start + rng.randint(1, 4096)]
    times = rng.choice([2, 10, 100, 1000, 10000])
    at = rng.randrange(len(data))
    return _clip(data[:at] + chunk * min(times, MAX_BYTES // max(len(chunk), 1)) + data[at:])


def delete_chunk(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 4096):]


BYTE_MUTATIONS: list[Mutation] = [flip_bits, truncate, overwrite, duplicate_chunk, delete_chunk]


def _encode(text: str, rng: random.Random) -> bytes:
    encoding = rng.choice(["utf-8", "utf-8", "utf-8", "gb18030", "utf-16", "utf-8-sig"])
    # Every character takes at least a byte: the clipped text encodes to the same first bytes,
    # without encoding a gigabyte first (GB18030 encodes slowly).
    text = text[:MAX_BYTES]
    try:
        return _clip(text.encode(encoding, "surrogatepass"))
    except UnicodeEncodeError:  # GB18030 has no lone surrogates
        return _clip(text.encode("utf-8", "surrogatepass"))


def _decode(data: bytes) -> str:
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def _insert_lines(text: str, lines: list[str], rng: random.Random) -> str:
    rows = text.split("\n")
    at = rng.randrange(len(rows) + 1)
    return "\n".join(rows[:at] + lines + rows[at:])


def _fragment(text: str, rng: random.Random, length: int = 40) -> str:
    flat = text.replace("\n", "").replace("\r", "") or "全年预算数"
    start = rng.randrange(len(flat))
    return flat[start:start + rng.randint(1, length)] or "数"


def long_line(text: str, rng: random.Random) -> str:
    piece = rng.choice([_fragment(text, rng), rng.choice(REGEX_BAIT)])
    size = rng.choice([10_000, 100_000, 1_000_000, 3_000_000])
    return _insert_lines(text, [piece * (size // len(piece))], rng)


def giant_table(text: str, rng: random.Random) -> str:
    separator = rng.choice(["\t", "|"])
    width = rng.randint(3, 12)
    rows = rng.choice([1_000, 10_000, 60_000])
    cells = [_fragment(text, rng, 8) for _ in range(width)]
    line = separator.join(cells)
    return _insert_lines(text, [line] * rows, rng)


def table_bomb(text: str, rng: random.Random) -> str:
    width = rng.choice([500, 2_000, 10_000])
    rows = rng.choice([100, 400, 1_000])
    line = "\t".join(rng.choice(["1", "指标", "", "99%"]) for _ in range(width))
    return _insert_lines(text, [line] * rows, rng)


def odd_values(text: str, rng: random.Random) -> str:
    lines = [rng.choice(LABELS) + rng.choice(ODD_FIELDS + ODD_AMOUNTS) + rng.choice(["", "万元", "%", "元"])
             for _ in range(rng.randint(1, 6))]
    return _insert_lines(text, lines, rng)


def replace_numbers(text: str, rng: random.Random) -> str:
    numbers = list(re.finditer(r"\d+(?:\.\d+)?", text))
    if not numbers:
        return odd_values(text, rng)
    for found in rng.sample(numbers, min(len(numbers), rng.randint(1, 5))):
        text = text.replace(found.group(), rng.choice(ODD_AMOUNTS + ODD_FIELDS), 1)
    return text


def repeat_document(text: str, rng: random.Random) -> str:
    return text * rng.choice([5, 50, 300])


def control_characters(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 50)):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(["\x00", "\x0b", "\x1f", "\x7f", "\u2028", "\r",
                                                               "\ufeff", "\ue000", "\ufffd", "\u0301"]))
    return "".join(chars)


TEXT_MUTATIONS = [long_line, giant_table, table_bomb, odd_values, replace_numbers, repeat_document,
                  control_characters]


def mutate_text(data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.25:
        return rng.choice(BYTE_MUTATIONS)(data, rng)
    text = _decode(data)
    for _ in range(rng.randint(1, 2)):
        text = rng.choice(TEXT_MUTATIONS)(text, rng)
    return _encode(text, rng)


_CELL_TAG = re.compile(r"<t[dh]\b[^>]*>", re.I)
_ROW = re.compile(r"<tr\b.*?</tr>", re.I | re.S)


def span_bomb(page: str, rng: random.Random) -> str:
    tags = list(_CELL_TAG.finditer(page))
    if not tags:
        return page
    pieces: list[str] = []
    last = 0
    chosen = {m.start() for m in rng.sample(tags, min(len(tags), rng.choice([1, 3, 20, 200])))}
    for match in tags:
        if match.start() not in chosen:
            continue
        value = rng.choice(HUGE_NUMBERS)
        name = rng.choice(["rowspan", "colspan", "both"])
        attrs = (f' rowspan="{value}" colspan="{rng.choice(HUGE_NUMBERS)}"' if name == "both"
                 else f' {name}="{value}"')
        pieces += [page[last:match.end() - 1], attrs, ">"]
        last = match.end()
    pieces.append(page[last:])
    return "".join(pieces)


def many_rows(page: str, rng: random.Random) -> str:
    rows = list(_ROW.finditer(page))
    row = rng.choice(rows).group() if rows else "<tr><td>指标</td><td>100%</td></tr>"
    times = rng.choice([1_000, 20_000, 100_000])
    times = min(times, MAX_BYTES // max(len(row.encode()), 1))
    at = rows[-1].end() if rows else len(page)
    return page[:at] + row * times + page[at:]


def deep_nesting(page: str, rng: random.Random) -> str:
    depth = rng.choice([300, 5_000, 100_000])
    tag = rng.choice(["div", "span", "table", "b", "td"])
    at = rng.randrange(len(page))
    return page[:at] + f"<{tag}>" * depth + "深层" + f"</{tag}>" * depth + page[at:]


def char_references(page: str, rng: random.Random) -> str:
    refs = ["&#xD800;", "&#xDFFF;", "&#xE000;123", "&#0;", "&#x10FFFF;", "&#xFFFE;", "&#99999999;", "&#x1F600;"]
    at = rng.randrange(len(page))
    return page[:at] + "".join(rng.choice(refs) for _ in range(rng.randint(1, 20))) + page[at:]


HTML_MUTATIONS = [span_bomb, span_bomb, many_rows, deep_nesting, char_references, long_line, odd_values,
                  replace_numbers, control_characters]


def mutate_html(data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.2:
        return rng.choice(BYTE_MUTATIONS)(data, rng)
    page = _decode(data)
    for _ in range(rng.randint(1, 2)):
        page = rng.choice(HTML_MUTATIONS)(page, rng)
    return _clip(page.encode("utf-8", "surrogatepass"))
