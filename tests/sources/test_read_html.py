"""HTML: the visible text, one line per block, entities decoded, scripts and styles dropped."""

from __future__ import annotations

from shelfcheck.sources import read_documents
from shelfcheck.sources.html import html_to_text


def test_visible_text_one_line_per_block():
    markup = (
        "<!DOCTYPE html><html><head><title>Not shown</title><style>p { color: red }</style>"
        "<script>var hidden = 1;</script></head><body><h1>The   Title</h1>\n"
        "<p>First paragraph,\n   wrapped in the source &amp; with &eacute;ntities&#x2014;and&nbsp;nbsp.</p>"
        "<script>document.write('no')</script><p>Second <b>bold</b> <i>and</i>tail</p>loose text<br>after break"
        "<!-- a comment --><ul><li>one</li><li>two</li></ul><div hidden>secret</div><noscript>no js</noscript>"
        "<pre>code\n    indented\n\nafter blank</pre><table><tr><td>cell 1</td><td>cell 2</td></tr></table></body></html>"
    )
    assert html_to_text(markup) == (
        "The Title\n"
        "First paragraph, wrapped in the source & with éntities—and\xa0nbsp.\n"
        "Second bold andtail\n"
        "loose text\n"
        "after break\n"
        "one\ntwo\n"
        "code\n    indented\n\nafter blank\n"
        "cell 1\ncell 2\n"
    )


def test_text_without_blocks_and_empty_documents():
    assert html_to_text("just <em>some</em> text") == "just some text\n"
    assert html_to_text("") == ""
    assert html_to_text("<html><head><title>t</title></head><body> \n </body></html>") == ""


def test_markers_in_the_input_cannot_fake_lines():
    assert html_to_text("<p>a\ufdd0b\ufdd1c</p>") == "abc\n"


def test_real_book_as_html_keeps_its_words(tmp_path, fixture_books):
    import html

    text = (fixture_books / "pg972_the_devils_dictionary.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    path = tmp_path / "devil.html"
    path.write_text(f"<html><head><style>p{{}}</style></head><body>{body}</body></html>", encoding="utf-8")
    [document] = read_documents([path])
    assert document.id == "devil"
    lines = document.text.splitlines()
    assert len(lines) == len(paragraphs)
    assert lines == [" ".join(p.split()) for p in paragraphs]
