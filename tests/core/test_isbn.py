"""ISBN normalisation agrees with python-stdnum and ties ISBN-10, ISBN-13 and hyphenations together."""

from __future__ import annotations

import random

from stdnum import isbn as stdnum_isbn

from shelfcheck.isbn import isbns_in, to_isbn13


def test_agrees_with_stdnum_on_generated_isbns():
    rng = random.Random(3)
    for _ in range(3000):
        body = "".join(str(rng.randrange(10)) for _ in range(9))
        for candidate in [body + c for c in "0123456789X"] + ["978" + body + str(rng.randrange(10))]:
            expected = stdnum_isbn.to_isbn13(candidate) if stdnum_isbn.is_valid(candidate) else None
            assert to_isbn13(candidate) == expected, candidate


def test_hyphenation_and_isbn10_meet():
    forms = ["978-1-491-95438-6", "9781491954386", "1-4919-5438-8", "1491954388", "978 1 4919 5438 6"]
    assert {to_isbn13(f) for f in forms} == {"9781491954386"}
    assert to_isbn13("010771681X") == "9780107716813"
    assert to_isbn13("9781491954387") is None  # wrong check digit


def test_identifier_lists_as_libgen_writes_them():
    assert isbns_in("1855737213, 9781855737211") == ["9781855737211"]
    assert isbns_in("9780849312175,0849312175") == ["9780849312175"]
    assert isbns_in("0-07-136362-9") == ["9780071363624"]
    assert isbns_in("") == [] and isbns_in("no isbn here 12345") == []
