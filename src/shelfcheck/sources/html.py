"""HTML: the visible text, one line per block element, extracted with selectolax (lexbor).

What a browser would show as text: ``<script>``, ``<style>``, ``<head>`` and the like are dropped,
entities are decoded, whitespace runs collapse to one space (as HTML renders them) except inside
``<pre>``, and every block element (paragraph, heading, list item, ...) and ``<br>`` ends a line.
Offsets from findings in an HTML file refer to this extracted text, not to the markup.

Lexbor parses in C and our Python work is a few calls per block element (never per character):
block boundaries are marked with a private sentinel in the tree, the text is taken in one call,
and two regular expressions turn the sentinels and whitespace runs into lines.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from shelfcheck.sources.document import Document, ReadOptions
from shelfcheck.sources.plain import decode_utf8, document_id

_INVISIBLE = "head, script, style, noscript, template, [hidden]"
_PREFORMATTED = "pre, textarea, listing"
_BLOCKS = (
    "address, article, aside, blockquote, caption, dd, div, dl, dt, figcaption, figure, footer, "
    "h1, h2, h3, h4, h5, h6, header, hr, li, main, nav, ol, p, pre, section, table, td, th, tr, ul"
)

# Unicode noncharacters: never meaningful text, so safe as in-band markers (stripped from input).
_BREAK = "\ufdd0"
_HTML_SPACE = " \t\n\r\f"
_KEPT_SPACE = "\ufdd1\ufdd2\ufdd3\ufdd4\ufdd5"
_DROP_MARKERS = str.maketrans("", "", _BREAK + _KEPT_SPACE)
_KEEP = str.maketrans(_HTML_SPACE, _KEPT_SPACE)
_RESTORE = str.maketrans(_KEPT_SPACE, _HTML_SPACE)
# Whitespace runs other than a lone space (matching lone spaces too would double the cost).
_SPACE_RUN = re.compile(r"[\t\n\r\f][ \t\n\r\f]*| [ \t\n\r\f]+")
# After collapsing, at most one space sits before a break.
_BREAK_RUN = re.compile(rf" ?{_BREAK}[ {_BREAK}]*")


def html_to_text(markup: str) -> str:
    """The visible text of an HTML document: one line per block, ending in a newline (or ``""``)."""
    from selectolax.lexbor import LexborHTMLParser  # on first use: a command reading no HTML skips the import

    tree = LexborHTMLParser(markup.translate(_DROP_MARKERS))
    for node in tree.css(_INVISIBLE):
        node.decompose()
    root = tree.body
    if root is None:
        return ""
    for block in root.css(_PREFORMATTED):
        for node in [n for n in block.traverse(include_text=True) if n.is_text_node]:
            node.replace_with((node.text_content or "").translate(_KEEP))
    for node in root.css("br"):
        node.replace_with(_BREAK)
    for node in root.css(_BLOCKS):
        node.insert_before(_BREAK)
        node.insert_after(_BREAK)
    text = _SPACE_RUN.sub(" ", root.text(deep=True, separator="", strip=False))
    text = _BREAK_RUN.sub("\n", text).strip(" \n").translate(_RESTORE)
    return text + "\n" if text else ""


def read_html(path: Path, options: ReadOptions) -> Iterator[Document]:
    """Yield the file's visible text as one document."""
    yield Document(document_id(path), html_to_text(decode_utf8(path.read_bytes(), path)))
