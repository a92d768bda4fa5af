"""HTML: visible text extracted with selectolax (lexbor), block elements ending lines.

Offsets from findings in an HTML file refer to this extracted text, not to the markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from selectolax.lexbor import LexborHTMLParser

from shelfcheck.sources.document import Document, ReadOptions
from shelfcheck.sources.plain import decode_utf8, document_id

_INVISIBLE = "script, style, noscript, template, head"


def html_to_text(markup: str) -> str:
    """The visible text of an HTML document, one line per block, whitespace runs kept as written."""
    tree = LexborHTMLParser(markup)
    for node in tree.css(_INVISIBLE):
        node.decompose()
    root = tree.body or tree.root
    if root is None:
        return ""
    return root.text(separator="", deep=True, strip=False) if not _has_blocks(root) else _block_text(root)


def _has_blocks(root) -> bool:
    return root.css_first("p, div, br, li, h1, h2, h3, h4, h5, h6, tr, pre, blockquote") is not None


_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre", "blockquote", "section",
           "article", "header", "footer", "table", "ul", "ol", "dl", "dt", "dd", "figure", "figcaption"}


def _block_text(root) -> str:
    """Text with a newline after every block element and ``<br>``, so lines survive extraction."""
    for br in root.css("br"):
        br.replace_with("\n")
    parts: list[str] = []
    for node in root.traverse(include_text=True):
        if node.tag == "-text":
            parts.append(node.text_content or "")
        elif node.tag in _BLOCKS and parts and not parts[-1].endswith("\n"):
            parts.append("\n")
    return "".join(parts).strip("\n") + "\n"


def read_html(path: Path, options: ReadOptions) -> Iterator[Document]:
    """Yield the file's visible text as one document."""
    yield Document(document_id(path), html_to_text(decode_utf8(path.read_bytes(), path)))
