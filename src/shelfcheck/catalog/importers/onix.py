"""ONIX for Books 3.0 (publishers' backlist feeds), reference or short tags, streamed.

``xml.etree.ElementTree.iterparse`` hands over one ``<Product>`` at a time and the element is
cleared after use, so a feed of any size runs in constant memory. Read per product: record
reference, ISBN-13/GTIN-13/ISBN-10 identifiers (List 5 codes 15, 03, 02), title (+ subtitle),
contributors, languages, publisher, publication date, and the text-and-data-mining reservation:
an ``<EpubUsageConstraint>`` with ``<EpubUsageType>`` 11 (text and data mining, List 145) and
``<EpubUsageStatus>`` 03 (prohibited, List 146) sets ``extra.tdm_reserved`` (02 = permitted
subject to limits sets ``tdm_limited``).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from typing import Iterator

from shelfcheck.catalog.importers.common import Bad, Row, make_row
from shelfcheck.isbn import to_isbn13

# Short tag -> reference name, for the elements read here.
SHORT_TAGS = {
    "product": "Product", "a001": "RecordReference", "productidentifier": "ProductIdentifier", "b221": "ProductIDType",
    "b244": "IDValue", "titledetail": "TitleDetail", "b202": "TitleType", "titleelement": "TitleElement",
    "b203": "TitleText", "b029": "Subtitle", "b030": "TitlePrefix", "b031": "TitleWithoutPrefix",
    "contributor": "Contributor", "b035": "ContributorRole", "b036": "PersonName", "b037": "PersonNameInverted",
    "b047": "CorporateName", "language": "Language", "b253": "LanguageRole", "b252": "LanguageCode",
    "publisher": "Publisher", "b081": "PublisherName", "publishingdate": "PublishingDate", "x448": "PublishingDateRole",
    "b306": "Date", "epubusageconstraint": "EpubUsageConstraint", "x318": "EpubUsageType", "x319": "EpubUsageStatus",
    "b049": "ImprintName",
}
ISBN_ID_TYPES = {"15", "03", "02"}
TDM_USAGE_TYPE = "11"
_YEAR = re.compile(r"(1[4-9]\d\d|20\d\d)")


def _name(tag: str) -> str:
    local = tag.rsplit("}", 1)[-1]
    return SHORT_TAGS.get(local, local)


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in element.iter() if _name(c.tag) == name]


def _text(element: ET.Element, name: str) -> str:
    for c in element.iter():
        if _name(c.tag) == name:
            return (c.text or "").strip()
    return ""


def _product(product: ET.Element) -> Row:
    reference = _text(product, "RecordReference")
    isbns = []
    for ident in _children(product, "ProductIdentifier"):
        if _text(ident, "ProductIDType") in ISBN_ID_TYPES:
            isbn = to_isbn13(_text(ident, "IDValue"))
            if isbn:
                isbns.append(isbn)
    if not reference:
        reference = isbns[0] if isbns else ""
    if not reference:
        raise ValueError("product has neither <RecordReference> nor an ISBN")
    title = ""
    for detail in _children(product, "TitleDetail"):
        if _text(detail, "TitleType") in ("01", ""):
            element = _children(detail, "TitleElement")
            if element:
                el = element[0]
                text = _text(el, "TitleText") or " ".join(filter(None, (_text(el, "TitlePrefix"), _text(el, "TitleWithoutPrefix"))))
                subtitle = _text(el, "Subtitle")
                title = f"{text}: {subtitle}" if subtitle else text
                break
    authors = []
    for contributor in _children(product, "Contributor"):
        name = _text(contributor, "PersonName") or _text(contributor, "PersonNameInverted") or _text(contributor, "CorporateName")
        if name:
            authors.append(name)
    languages = [_text(lang, "LanguageCode") for lang in _children(product, "Language") if _text(lang, "LanguageRole") in ("01", "")]
    publisher = _text(product, "PublisherName") or _text(product, "ImprintName")
    year = ""
    for date in _children(product, "PublishingDate"):
        found = _YEAR.match(_text(date, "Date"))
        if found and (_text(date, "PublishingDateRole") in ("01", "") or not year):
            year = found.group(1)
    tdm = {}
    for constraint in _children(product, "EpubUsageConstraint"):
        if _text(constraint, "EpubUsageType") == TDM_USAGE_TYPE:
            status = _text(constraint, "EpubUsageStatus")
            tdm = {"tdm_reserved": status == "03", "tdm_limited": status == "02", "tdm_status": status}
    return make_row("onix", reference, title, authors, year=year, publisher=publisher, language=",".join(filter(None, languages)), isbns=isbns, extra=tdm)


def read_onix(stream: io.TextIOBase, bad: Bad) -> Iterator[Row]:
    binary = stream.buffer if hasattr(stream, "buffer") else stream  # let the XML declaration pick the encoding
    number = 0
    try:
        for _event, element in ET.iterparse(binary, events=("end",)):
            if _name(element.tag) != "Product":
                continue
            number += 1
            try:
                yield _product(element)
            except ValueError as exc:
                bad(number, f"product #{number}: {exc}")
            element.clear()
    except ET.ParseError as exc:
        bad(exc.position[0], f"XML error: {exc}")
