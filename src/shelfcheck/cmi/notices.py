"""Line-shaped CMI: copyright notices, rights statements, printer keys, publisher lines, CIP blocks.

Each finder scans for a few literal anchors (see :mod:`shelfcheck.cmi.scan`) and checks the
precise shape only at each hit. A copyright *notice* needs a year right after the word
(``Copyright © 2017 …``, ``COPYRIGHT, 1896, BY``, ``(c) 1998, 1999 …``, ``Copyright by X, 1909``):
prose about copyright ("permission from the copyright holder") and the Python REPL banner
(``Type "help", "copyright", …``) carry no year there, so they are not notices.
"""

from __future__ import annotations

import re
from typing import Iterator

from shelfcheck.cmi.finding import Hit
from shelfcheck.cmi.scan import Haystack, line_end, line_start, strip_span

_YEAR = r"(?:1[5-9]\d\d|20\d\d)(?!\d)"
_YEARS = rf"{_YEAR}(?:[ \t]*(?:[-\u2013\u2014]|,|and|&)[ \t]*(?:{_YEAR}|\d\d(?!\d)))*"
_SYMBOL = r"(?:©|\([cC]\))"
_NOTICE = re.compile(
    rf"(?:(?:Copyright|COPYRIGHT|copyright)(?:[ \t]*(?:{_SYMBOL}|[,:]))*|{_SYMBOL})[ \t]*"
    rf"(?:(?P<years>{_YEARS})|(?:by|BY)[ \t][^\n]{{1,80}}?,?[ \t]*(?P<years_after>{_YEARS}))"
)
_RIGHTS_RESERVED = re.compile(
    r"(?i)(?:all rights reserved|tous droits réservés|alle rechte vorbehalten|todos los derechos reservados"
    r"|tutti i diritti riservati|todos os direitos reservados|alle rechten voorbehouden)"
)
_PRINTER_KEY_LINE = re.compile(r"[ \t]*((?:\d{1,2}[ \t]+){4,}\d{1,2})[ \t]*")
_PUBLISHER = re.compile(
    r"[ \t_*]*(?:(?:First|Originally|Also|Simultaneously|This edition|Now|Republished and) )?"
    r"(?:published (?:by|in|simultaneously|serially|for)|printed (?:in|and bound|by|for|serially)|reprinted"
    r"|first (?:published|printed|edition|english edition)|imprint:)",
    re.IGNORECASE,
)
_CIP = re.compile(
    r"(?:Library of Congress |British Library |)Catalog(?:u)?ing[- ]in[- ]Publication(?: Data| data)?"
    r"|A catalogue record for this (?:book|title) is available from the British Library",
    re.IGNORECASE,
)
_CIP_BEFORE, _CIP_LONGEST = 20, 72  # "Library of Congress " precedes "Catalog"; the longest heading has 71 chars
_CIP_CONTINUES = re.compile(r"ISBN|LCCN|LC record|dc2\d|\d{3}\.\d|^[A-Z]{1,2}\d{2,4}|CIP|^\d", re.MULTILINE)


def _years_value(years: str) -> str:
    """``1998, 1999`` → ``1998,1999``; ``2014–2016`` → ``2014-2016``."""
    years = re.sub(r"[ \t]*(?:,|and|&)[ \t]*", ",", years)
    return re.sub(r"[ \t]*[-\u2013\u2014][ \t]*", "-", years)


def find_copyright_notices(hay: Haystack) -> Iterator[Hit]:
    text = hay.text
    covered = -1  # "Copyright © 2017": the © hit lies inside the notice already found
    for start in hay.hits(("copyright", "©", "(c)")):
        if start < covered or (start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_")):
            continue
        notice = _NOTICE.match(text, start)
        if notice is None:
            continue
        end = line_end(text, notice.end())
        rights = _RIGHTS_RESERVED.search(text, notice.end(), end)
        if rights:
            end = rights.start()
        if end - start > 200:  # a notice inside a long paragraph: stop at a word boundary
            end = text.rfind(" ", notice.end(), start + 200)
            end = end if end > 0 else start + 200
        elif re.search(r"\b(?:by|BY)\s*$", text[start:end]):  # COPYRIGHT, 1896, BY / NAME
            following = line_end(text, end + 1)
            if text[end + 1:following].strip():
                end = following
        start, end = strip_span(text, start, end)
        covered = end
        yield "copyright_notice", start, end, _years_value(notice.group("years") or notice.group("years_after"))


def find_rights_reserved(hay: Haystack) -> Iterator[Hit]:
    text = hay.text
    last_end = -1
    for pos in hay.hits(("serv", "rechte")):
        if text[pos - 2:pos].lower() not in ("re", "ré", "ri") and not text.startswith(("rechte", "Rechte", "RECHTE"), pos):
            continue  # server, service, observe: not (r)eserv/réserv/riserv
        for found in _RIGHTS_RESERVED.finditer(text, max(0, pos - 30), pos + 30):
            if found.start() >= last_end and found.start() <= pos < found.end():
                last_end = found.end()
                yield "rights_reserved", found.start(), found.end(), None


def _is_printer_key(numbers: list[int]) -> bool:
    """10 9 8 7 6 5 4 3 2 1, or the two-sided 1 3 5 7 9 10 8 6 4 2 (a later printing drops the lowest).

    Ascending runs are rejected: ``1 2 3 4 5`` is far more often program output than a key.
    """
    if len(numbers) < 5 or len(set(numbers)) != len(numbers) or max(numbers) < 9:
        return False
    if sorted(numbers) != list(range(min(numbers), max(numbers) + 1)):
        return False
    if all(a - b == 1 for a, b in zip(numbers, numbers[1:])):
        return True
    peak = numbers.index(max(numbers))
    valley = numbers.index(min(numbers))
    up, down = numbers[: peak + 1], numbers[peak:]
    if 0 < peak < len(numbers) - 1 and up == sorted(up) and down == sorted(down, reverse=True):
        return True
    down, up = numbers[: valley + 1], numbers[valley:]
    return 0 < valley < len(numbers) - 1 and down == sorted(down, reverse=True) and up == sorted(up)


def find_printer_keys(hay: Haystack) -> Iterator[Hit]:
    text = hay.text
    done: set[int] = set()
    # every key with 9 or more at the top has "8 " inside: 10 9 8 7 …, 1 3 5 7 9 10 8 6 4 2, 2 4 6 8 10 9 …
    for pos in hay.hits(("8 ",)):
        start = line_start(text, pos)
        if start in done:
            continue
        done.add(start)
        key = _PRINTER_KEY_LINE.fullmatch(text, start, line_end(text, pos))
        if key is None:
            continue
        numbers = [int(n) for n in key.group(1).split()]
        if _is_printer_key(numbers):
            yield "printer_key", key.start(1), key.end(1), str(min(numbers))


def _paragraph_starts_here(text: str, start: int) -> bool:
    """The line at ``start`` opens a paragraph (text start or a blank line before it)."""
    if start == 0:
        return True
    previous = line_start(text, start - 1)
    return not text[previous:start].strip()


def find_publisher_lines(hay: Haystack) -> Iterator[Hit]:
    """Publisher and imprint lines, only where a short paragraph *begins* with the phrase.

    Wrapped prose ("... the novel was\\npublished by Harper") never opens a short paragraph,
    while copyright pages set each statement as its own line.
    """
    text = hay.text
    done: set[int] = set()
    for pos in hay.hits(("publish", "print", "first e")):
        start = line_start(text, pos)
        if start in done:
            continue
        done.add(start)
        match = _PUBLISHER.match(text, start)
        if match is None or match.end() < pos or not _paragraph_starts_here(text, start):
            continue
        end = line_end(text, start)
        paragraph_end = text.find("\n\n", start)
        paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
        if end - start > 200 or paragraph_end - start > 300:
            continue
        span = strip_span(text, start, end)
        yield "publisher", span[0], span[1], None


def find_cip_blocks(hay: Haystack) -> Iterator[Hit]:
    """The CIP heading and the catalogue record under it (up to the paragraph that no longer looks like one)."""
    text = hay.text
    covered = -1
    for pos in hay.hits(("catalog",)):
        if pos < covered:
            continue
        # Only the heading that holds this "catalog" (its text starts at most _CIP_BEFORE before it,
        # is at most _CIP_LONGEST long and never crosses a line): searching the whole line instead
        # cost a scan of the document per hit when it is one long line. Same headings: the
        # line's first heading is found at its own "catalog", and no earlier hit finds another.
        heading = _CIP.search(text, max(line_start(text, pos), pos - _CIP_BEFORE), min(line_end(text, pos), pos + _CIP_LONGEST))
        if heading is None or heading.start() > pos:
            continue
        end = line_end(text, heading.end())
        for _ in range(30):  # a CIP record is a handful of short lines; stop at the first that is not
            nxt = end + 1
            while nxt < len(text) and text[nxt] in "\r\n":
                nxt += 1
            if nxt >= len(text):
                break
            nxt_end = line_end(text, nxt)
            line = text[nxt:nxt_end]
            blank_gap = text.count("\n", end, nxt) > 1
            if not line.strip() or len(line) > 120 or (blank_gap and not _CIP_CONTINUES.search(line)):
                break
            end = nxt_end
        covered = end
        yield "cip", heading.start(), end, None
