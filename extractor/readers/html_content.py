"""Finding a portal page's report among its clutter: what to drop, and which element holds the content.

Government portals wrap the report in navigation, banners, breadcrumbs, related-link lists, share
bars and a footer. Clutter is dropped by tag (nav, header, footer, aside, script, ...) and by
id/class words (nav, menu, breadcrumb, footer, share, ...); the content container is then the
element that holds almost all the remaining non-link text: a known content id/class (TRS_Editor,
zoom, article, content, ...) when one holds most of it, else the descent from <body> into the
child holding at least `_DOMINANT_SHARE` of its parent's text (through layout tables, never into
a data table, whose surroundings are part of the report).
"""

from __future__ import annotations

import re

from lxml import html

from extractor.readers.html_grid import CELL_NAME, ROW_NAME

DROP_TAGS = frozenset({"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
                       "select", "button", "input", "textarea", "template", "svg", "object", "embed", "link",
                       "meta", "head", "title", "map", "canvas", "video", "audio"})
_CLUTTER = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|header|head|top|topbar|footer|foot|bottom|breadcrumbs?|"
                      r"crumbs?|sidebar|side|share|bdshare|related|relate|copyright|banner|toolbar|search|"
                      r"position|location|login|friendlink|links?|weizhi|dqwz)(?:$|[\s_-]|\d)", re.I)
_CONTENT = re.compile(r"trs_editor|zoom|article|content|detail|artibody|textbox|news_?text|con_?text|"
                      r"main_?text|view_?text|xxgk_?con", re.I)
_TITLE = re.compile(r"title|biaoti|tit\b", re.I)
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
CONTAINER_TAGS = frozenset({"body", "div", "section", "article", "main", "td", "th", "table", "tbody", "thead",
                            "tr", "center", "font", "span"})
_TABLE_PARTS = frozenset({"table", "tbody", "thead", "tr"})
_TABLE_CELLS = frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"})
_DOMINANT_SHARE = 0.85
# A clutter-named element holding more than this share of the page's text is a wrapper, not clutter.
_WRAPPER_SHARE = 0.4
_CONTENT_SHARE = 0.5
_LINK_LIST_SHARE = 0.6
_LINK_LIST_MIN_LINKS = 3


def names(element: html.HtmlElement) -> str:
    return f"{element.get('id', '')} {element.get('class', '')}"


def _chars(text: str | None) -> int:
    return len("".join(text.split())) if text else 0


def text_weight(element: html.HtmlElement) -> int:
    """Non-whitespace characters of the element's text."""
    return sum(map(_chars, element.itertext()))


def content_weight(element: html.HtmlElement) -> int:
    """Text that is not link text: what a report has much of and navigation little."""
    links = sum(text_weight(a) for a in element.iter("a"))
    return text_weight(element) - links


class Weights:
    """`text_weight` and link text of every element of a tree, computed in one pass.

    Asking each element for its weight walks its subtree again: on a page of 20,000 table rows
    or deeply nested blocks that made the clutter and container steps quadratic (minutes). The
    map is valid until the tree changes."""

    def __init__(self, root: html.HtmlElement) -> None:
        self._weights: dict[html.HtmlElement, tuple[int, int]] = {}
        # Pre-order reversed: every element after all of its descendants.
        for element in reversed(list(root.iter())):
            if not isinstance(element.tag, str):
                continue
            own, links = _chars(element.text), 0
            for child in element:
                if isinstance(child.tag, str):
                    weight, link_weight = self._weights[child]
                    own += weight
                    links += link_weight
                own += _chars(child.tail)
            self._weights[element] = (own, own if element.tag == "a" else links)

    def text(self, element: html.HtmlElement) -> int:
        return self._weights[element][0]

    def content(self, element: html.HtmlElement) -> int:
        weight, links = self._weights[element]
        return weight - links


def drop_clutter(body: html.HtmlElement) -> None:
    weights = Weights(body)
    total = max(weights.text(body), 1)
    doomed: list[html.HtmlElement] = []
    for element in body.iter():
        if not isinstance(element.tag, str):
            doomed.append(element)  # comments and processing instructions
            continue
        if (element.tag in DROP_TAGS or _HIDDEN.search(element.get("style", ""))
                or _is_clutter(element, weights.text(element), total)):
            doomed.append(element)
    for element in doomed:
        _remove(element)
    weights = Weights(body)
    for element in [e for e in body.iter() if isinstance(e.tag, str) and is_link_list(e, weights)]:
        _remove(element)


def _is_clutter(element: html.HtmlElement, weight: int, total: int) -> bool:
    """Named as clutter, and no table part: a table's or a <div> grid's header row is often
    named "head" ("<tr class="head">", "<div class="g-row g-head">")."""
    label = names(element)
    return (bool(_CLUTTER.search(label)) and not _CONTENT.search(label) and weight < _WRAPPER_SHARE * total
            and element.tag not in _TABLE_CELLS and not ROW_NAME.search(label) and not CELL_NAME.search(label))


def is_link_list(element: html.HtmlElement, weights: Weights) -> bool:
    if element.tag not in ("ul", "ol", "div", "p", "dl", "table", "td"):
        return False
    links = list(element.iter("a"))
    if len(links) < _LINK_LIST_MIN_LINKS:
        return False
    weight = weights.text(element)
    return weight > 0 and sum(weights.text(a) for a in links) >= _LINK_LIST_SHARE * weight


def _remove(element: html.HtmlElement) -> None:
    """Remove an element but keep its tail text, which belongs to its parent."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = _settable((previous.tail or "") + tail)
        else:
            parent.text = _settable((parent.text or "") + tail)
    parent.remove(element)


def _settable(text: str) -> str:
    """Text lxml accepts to set: the HTML parser keeps control characters that a setter refuses."""
    return _XML_UNSAFE.sub("", text) if _XML_UNSAFE.search(text) else text


def main_container(body: html.HtmlElement) -> html.HtmlElement:
    weights = Weights(body)
    total = weights.content(body)
    known = [e for e in body.iter() if isinstance(e.tag, str) and _CONTENT.search(names(e))]
    weighted = [(weights.content(e), e) for e in known]
    heavy = [pair for pair in weighted if pair[0] >= _CONTENT_SHARE * total and pair[0] > 0]
    if heavy:
        best = max(pair[0] for pair in heavy)
        # The innermost of the known containers that hold (nearly) the most text.
        start = [e for w, e in heavy if w >= _DOMINANT_SHARE * best][-1]
        return descend(start, weights)
    return descend(body, weights)


def descend(element: html.HtmlElement, weights: Weights) -> html.HtmlElement:
    current = element
    while True:
        children = [c for c in current if isinstance(c.tag, str) and c.tag in CONTAINER_TAGS]
        if not children:
            return current
        weight = weights.content(current)
        heaviest = max(children, key=weights.content)
        if weight <= 0 or weights.content(heaviest) < _DOMINANT_SHARE * weight:
            return current
        if heaviest.tag in _TABLE_PARTS:
            inner = descend(heaviest, weights)
            # A data table's text is spread over its cells: the descent stops inside the table,
            # and the report is the table with what surrounds it.
            return current if inner.tag in _TABLE_PARTS else inner
        if heaviest.tag not in _TABLE_CELLS and _wraps_data_table(heaviest, weights):
            # A <center> or <div> around the table alone (a layout table's cell is walked into):
            # its title and notes sit beside it.
            return current
        current = heaviest


def _wraps_data_table(element: html.HtmlElement, weights: Weights) -> bool:
    """Nearly all its content is one table the descent stops inside (a data table, not layout)."""
    weight = weights.content(element)
    return any(weights.content(child) >= _DOMINANT_SHARE * weight and descend(child, weights).tag in _TABLE_PARTS
               for child in element if isinstance(child.tag, str) and child.tag in _TABLE_PARTS)


# Old portals print the title in bold or a large font, no heading element: such a text is taken
# when it names a report.
_EMPHASIS_TAGS = frozenset({"b", "strong"})
_REPORT_TITLE = re.compile(r"报告|自评|绩效")


def title_before(body: html.HtmlElement, container: html.HtmlElement) -> str | None:
    """The page's heading above the content container (portals print the title outside it)."""
    if any(True for _ in container.iter("h1", "h2")):
        return None
    found: str | None = None
    for element in body.iter():
        if element is container:
            break
        if not isinstance(element.tag, str):
            continue
        emphasis = element.tag in _EMPHASIS_TAGS
        if element.tag in ("h1", "h2", "h3") or emphasis or (
                _TITLE.search(names(element)) and element.tag in ("div", "p", "td")):
            text = " ".join("".join(element.itertext()).split())
            if 4 <= len(text) <= 80 and (not emphasis or _REPORT_TITLE.search(text)):
                found = text
    return found


def attachment_links(body: html.HtmlElement) -> list[str]:
    suffixes = (".doc", ".docx", ".xls", ".xlsx", ".pdf", ".wps", ".et", ".zip", ".rar")
    found: list[str] = []
    for link in body.iter("a"):
        href = link.get("href", "")
        if href.lower().split("?")[0].endswith(suffixes):
            found.append(" ".join("".join(link.itertext()).split()) or href)
    return found
