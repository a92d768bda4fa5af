"""Boilerplate regions on the real books: the Gutenberg wrapper, licence texts, copyright pages, and no body text."""

from __future__ import annotations

from pathlib import Path

import pytest

from shelfcheck.cmi import Region, boilerplate_regions


def regions_of(path: Path) -> tuple[str, list[Region]]:
    text = path.read_text(encoding="utf-8")
    return text, boilerplate_regions(text)


def covered(regions: list[Region], text: str, phrase: str) -> bool:
    at = text.index(phrase)
    return any(r.start <= at < r.end for r in regions)


def check_shape(text: str, regions: list[Region]) -> None:
    for a, b in zip(regions, regions[1:]):
        assert a.end < b.start
    for r in regions:
        assert 0 <= r.start < r.end <= len(text)


def test_gutenberg_book(fixture_books):
    text, regions = regions_of(fixture_books / "pg972_the_devils_dictionary.txt")
    check_shape(text, regions)
    assert [r.kind for r in regions] == ["gutenberg_header", "gutenberg_footer"]
    assert regions[0].start == 0 and text[: regions[0].end].endswith("THE DEVIL'S DICTIONARY ***")
    assert regions[1].end == len(text.rstrip())
    assert not covered(regions, text, "_The Devil's Dictionary_ was begun in a weekly paper in 1881")
    body = len(text) - sum(r.end - r.start for r in regions)
    assert body > 0.9 * len(text)


def test_oreilly_copyright_page_is_tight(fixture_books):
    text, regions = regions_of(fixture_books / "mastering_bitcoin_2e.txt")
    check_shape(text, regions)
    assert covered(regions, text, "Copyright © 2017 Andreas M. Antonopoulos")
    assert covered(regions, text, "978-1-491-95438-6")
    assert covered(regions, text, "Permission is hereby granted, free of charge")  # the MIT licence of the whitepaper
    assert not covered(regions, text, "I first stumbled upon bitcoin in mid-2011")
    assert not covered(regions, text, "Type \"help\", \"copyright\"")
    assert sum(r.end - r.start for r in regions) < 0.01 * len(text)


def test_posa_copyright_page(fixture_books):
    text, regions = regions_of(fixture_books / "posa_performance_of_open_source_applications.txt")
    assert covered(regions, text, "ISBN: 978-1-304-48878-7")
    assert not covered(regions, text, "Introduction\n")


def test_cc_legal_code_is_one_licence_region(fixture_books):
    for name in ("CC-BY-3.0.txt", "CC-BY-SA-4.0.txt"):
        text = (fixture_books / "LICENSES" / name).read_text(encoding="utf-8")
        regions = boilerplate_regions(text)
        licence = [r for r in regions if r.kind == "licence"]
        assert len(licence) == 1, name
        assert licence[0].end - licence[0].start > 0.9 * len(text.strip()), name


@pytest.mark.shared
def test_gpl_inside_debian_guide(shared_books):
    text, regions = regions_of(shared_books / "pg6527_debian_gnu_linux_guide.txt")
    check_shape(text, regions)
    gpl = [r for r in regions if r.kind == "licence"]
    assert len(gpl) == 1
    assert "GNU GENERAL PUBLIC LICENSE" in text[gpl[0].start:gpl[0].end]
    assert text[gpl[0].start:gpl[0].end].rstrip().endswith("instead of this License.")
    assert covered(regions, text, "(c) 1998, 1999 Software in the Public Interest")
    assert not covered(regions, text, "login prompt, listen for network connections")


@pytest.mark.shared
def test_all_books_regions_well_formed(shared_books):
    for path in sorted(shared_books.glob("*.txt")):
        text, regions = regions_of(path)
        check_shape(text, regions)
        assert sum(r.end - r.start for r in regions) < 0.2 * len(text), path.name
