"""Numbers that look like ISBNs but are not: zero findings allowed."""

from __future__ import annotations

import pytest

from shelfcheck.cmi import detect_cmi

LOOKALIKES = [
    "Call us on 1-800-555-1212 or +44 20 7946 0958 today.",
    "Phone: (978) 555-0123, fax 978-555-0199.",
    "Card 4111 1111 1111 1111, expires 12/27.",
    "Card 9780 1234 5678 9012 was declined.",
    "Tracking number 9400 1000 0000 0000 0000 00 and 1Z999AA10123456784.",
    "FedEx tracking 978149195438612 arrived.",
    "pi is 3.9781491954386 or so; e = 2.0306406152 too.",
    "The total was 1,9781491954386 units.",
    "ISBN 978-1-491-95438-7 (wrong check digit).",
    "ISBN 0-306-40615-3 (wrong check digit).",
    "isbn=9781491954387",
    "The timestamp 1388185914 and nonce 2083236893 are ten digits.",
    "A bare ten-digit number 0306406152 needs an ISBN label.",
    "x = 19781491954386 and y = 97814919543860",
    "hash 9781491954386abc and id_9781491954386",
    "version 0.306.40615.2 and 2017-06-01 and 12-345-6789-0",
    r"regex: ^97[89]\d{10}$ and [0-9]{9}[0-9X]",
    "ISBN: see below",
    "The decimal .9781491954386 after a point.",
    "ISBN 978-1-491-95438",
]


@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalike_numbers_are_not_isbns(text):
    assert [f for f in detect_cmi(text) if f.kind == "isbn"] == []


def test_lookalike_set_has_zero_findings_of_any_kind():
    text = "\n\n".join(LOOKALIKES)
    assert [f for f in detect_cmi(text) if f.kind == "isbn"] == []
