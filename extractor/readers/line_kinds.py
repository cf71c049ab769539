"""Kinds of line every reader of laid-out text meets: page numbers and the starts of items.

A PDF page's lines, an OCR'd page's and a plain-text copy of either share them: a page number
is page furniture, not text, and an item number ("（一）", "1、", "①") starts a paragraph.
"""

from __future__ import annotations

import re

_PAGE_NUMBER = re.compile(
    r"""^(?:
        [-—–－~～\s]*\d{1,4}[-—–－~～\s]*                                   # 3, - 3 -, —3—
      | 第\s*[\d一二三四五六七八九十百零〇]+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?  # 第3页, 第 3 页 共 5 页
      | 共\s*\d+\s*页\s*[,，]?\s*第\s*\d+\s*页
      | \d{1,4}\s*[/／]\s*\d{1,4}                                           # 3/5
      | (?:page\s*)?\d{1,4}\s*(?:of|/)\s*\d{1,4}
      | page\s*\d{1,4}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

_ITEM_START = re.compile(
    r"""^(?:
        [一二三四五六七八九十百]+\s*[、．.]                  # 一、
      | [（(]\s*[一二三四五六七八九十百\d]+\s*[）)]           # （一） (1)
      | \d{1,3}(?:\.\d{1,3})*\s*[、．)）]                    # 1、 1） 1.1、
      | \d{1,3}\.(?!\d)                                      # 1. (not 1.5)
      | [\u2460-\u249b\u24eb-\u24ff\u2776-\u2793]            # ① ⑴ ⒈ ❶
      | [一二三四五六七八九十]+是                             # 一是
      | 目标\s*\d+                                           # 目标1
      | 第[一二三四五六七八九十百\d]+[章节部分条项]
      | 附件 | 附表
      | [•●■◆▪◇○□]
    )""",
    re.VERBOSE,
)


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def is_marked_page_number(text: str) -> bool:
    """A page number with its marks ("— 3 —", "第 3 页 共 5 页", "3/5"), which no table cell of one
    figure looks like; a bare "3" may be one."""
    stripped = text.strip()
    return is_page_number(stripped) and not stripped.isdigit()


def starts_item(text: str) -> bool:
    return bool(_ITEM_START.match(text))
