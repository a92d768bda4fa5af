"""Properties on arbitrary text: offsets always quote the text, output is sorted, regions never overlap."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shelfcheck.cmi import boilerplate_regions, detect_cmi

PIECES = st.sampled_from([
    "ISBN 978-1-491-95438-6", "isbn=9781491954386", "0-306-40615-2", "Copyright © 2017 A. B.", "(c) 1998, 1999 X",
    "All rights reserved.", "10 9 8 7 6 5 4 3 2 1", "doi:10.1145/3290605.3300233", "CC BY-SA 4.0",
    "*** START OF THE PROJECT GUTENBERG EBOOK X ***", "*** END OF THE PROJECT GUTENBERG EBOOK X ***",
    "Published by Someone.", "é", "🎉", "“", "\n", "\n\n", " ", "3.14", "978", "-", "8 ",
])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_findings_quote_the_text_and_regions_do_not_overlap(text):
    findings = detect_cmi(text, "d")
    assert findings == sorted(findings, key=lambda f: (f.start, f.kind, f.end))
    for f in findings:
        assert 0 <= f.start < f.end <= len(text) and f.text == text[f.start:f.end]
        if f.kind == "isbn":
            assert len(f.value) == 13 and f.value.isdigit()
    regions = boilerplate_regions(text, findings)
    for a, b in zip(regions, regions[1:]):
        assert a.end < b.start
    assert all(0 <= r.start < r.end <= len(text) for r in regions)
