"""Licence statements (value = SPDX id where known) and DOIs (value lower-cased).

A licence finding is a *named* licence: "Creative Commons Attribution-ShareAlike 4.0", "CC BY-NC-ND
4.0", a creativecommons.org/licenses URL, "GNU General Public License, Version 2", the MIT grant
sentence, "Apache License, Version 2.0", or the Project Gutenberg licence. A licence whose version
cannot be read (a bare "GNU General Public License") is reported with ``value = None``; the
Project Gutenberg licence has no SPDX id, so it gets the SPDX-style ``LicenseRef-Project-Gutenberg``.
"""

from __future__ import annotations

import re
from typing import Iterator

from shelfcheck.cmi.finding import Hit
from shelfcheck.cmi.scan import Haystack

PROJECT_GUTENBERG = "LicenseRef-Project-Gutenberg"

_MODS = r"(?:[\s,-]*(?i:non-?commercial|no[- ]?deriv(?:ative)?s?(?: works)?|share-?alike))"
_CC_NAME = re.compile(rf"(?i:creative commons)[\s-]+(?i:attribution)(?P<mods>{_MODS}*)[\s-]+(?P<ver>[1-4]\.0)")
_CC_SHORT = re.compile(r"CC[- ]BY(?P<mods>(?:-(?:NC|ND|SA))*)[- ](?P<ver>[1-4]\.0)")
_CC_URL = re.compile(r"creativecommons\.org/licenses/(?P<mods>by(?:-nc)?(?:-nd|-sa)?)/(?P<ver>[1-4]\.0)")
_CC_ZERO = re.compile(r"CC0(?: 1\.0)?|creativecommons\.org/publicdomain/zero/1\.0")
_GNU = re.compile(
    r"GNU\s+(?P<fam>(?:Lesser\s+|Library\s+|Affero\s+)?General\s+Public|Free\s+Documentation)\s+License"
    r"(?:[,\s]+(?:Version|version|v\.?)\s*(?P<ver>\d(?:\.\d)?))?",
    re.IGNORECASE,
)
_GNU_VERSION_NEAR = re.compile(r"\s*(?:Version|version)\s+(\d(?:\.\d)?)")
_LATER = re.compile(r"or\s+\(at\s+your\s+option\)\s+any\s+later\s+version|or\s+any\s+later\s+version")
_MIT = re.compile(r"Permission is hereby granted, free of charge|MIT License|MIT license")
_APACHE = re.compile(r"Apache License,?\s+Version\s+(?P<ver>2\.0|1\.1)")
_GUTENBERG = re.compile(r"Project Gutenberg(?:-tm|™)? License|PROJECT GUTENBERG(?:-tm|™)? LICENSE|THE SMALL PRINT!")
_DOI = re.compile(r"10\.\d{4,9}/[^\s\"'<>]+")

_GNU_SPDX = {"general public": "GPL", "lesser general public": "LGPL", "library general public": "LGPL", "affero general public": "AGPL", "free documentation": "GFDL"}


def _cc_spdx(mods: str, version: str) -> str:
    """SPDX id from the licence elements, spelt out ("NonCommercial-ShareAlike") or short ("nc sa")."""
    words = re.sub(r"[\s-]", "", mods.upper())
    parts = ["CC", "BY"]
    if "NC" in words:  # NC or NONCOMMERCIAL
        parts.append("NC")
    if "ND" in words or "NODERIV" in words:
        parts.append("ND")
    elif "SA" in words or "SHAREALIKE" in words:
        parts.append("SA")
    return "-".join(parts) + f"-{version}"


def _gnu_spdx(text: str, match: re.Match) -> str | None:
    family = _GNU_SPDX[re.sub(r"\s+", " ", match.group("fam").lower())]
    version = match.group("ver")
    if version is None:  # the licence heading: "GNU GENERAL PUBLIC LICENSE\n   Version 2, June 1991"
        near = _GNU_VERSION_NEAR.match(text, match.end())
        version = near.group(1) if near else None
    if version is None:
        return None
    version = version if "." in version else f"{version}.0"
    later = _LATER.search(text, match.end(), match.end() + 300)
    return f"{family}-{version}-{'or-later' if later else 'only'}"


def _cc_short(match: re.Match) -> str:
    return _cc_spdx(match.group("mods").replace("-", " "), match.group("ver"))


def _cc_url(match: re.Match) -> str:
    return _cc_spdx(match.group("mods")[2:].replace("-", " "), match.group("ver"))


# anchor (lower-case literal or bytes pattern), characters before/after it to search, patterns tried there
_RULES = (
    (("licen",), 80, 40, ((_GNU, None), (_MIT, "MIT"), (_APACHE, None), (_GUTENBERG, PROJECT_GUTENBERG))),
    (("commons",), 20, 150, ((_CC_NAME, None), (_CC_URL, _cc_url), (_CC_ZERO, "CC0-1.0"))),
    ((re.compile(rb"cc(?:[- ]by|0)"),), 0, 30, ((_CC_SHORT, _cc_short), (_CC_ZERO, "CC0-1.0"))),
    (("hereby granted",), 30, 40, ((_MIT, "MIT"),)),
    (("small print",), 10, 20, ((_GUTENBERG, PROJECT_GUTENBERG),)),
)


def _value(text: str, pattern: re.Pattern, value, match: re.Match) -> str | None:
    if callable(value):
        return value(match)
    if value is not None:
        return value
    if pattern is _GNU:
        return _gnu_spdx(text, match)
    if pattern is _APACHE:
        return f"Apache-{match.group('ver')}"
    return _cc_spdx(match.group("mods"), match.group("ver"))  # _CC_NAME


def find_licences(hay: Haystack) -> Iterator[Hit]:
    """Named licences. Each anchor hit is checked by the few patterns that can contain it, in a small window."""
    text = hay.text
    claimed: set[int] = set()
    for anchors, before, after, patterns in _RULES:
        for pos in hay.hits(anchors):
            for pattern, value in patterns:
                for match in pattern.finditer(text, max(0, pos - before), pos + after):
                    if match.start() <= pos < match.end() and match.start() not in claimed:
                        claimed.add(match.start())
                        yield "licence", match.start(), match.end(), _value(text, pattern, value, match)


def find_dois(hay: Haystack) -> Iterator[Hit]:
    text = hay.text
    for pos in hay.hits(("10.",)):
        if pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] in "._"):
            continue
        match = _DOI.match(text, pos)
        if match is None:
            continue
        doi = match.group().rstrip(".,;:'\"”’]}>")
        while doi.endswith(")") and doi.count("(") < doi.count(")"):
            doi = doi[:-1]
        yield "doi", pos, pos + len(doi), doi.lower()
