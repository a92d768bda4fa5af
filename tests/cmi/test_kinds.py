"""Each kind on small realistic strings, with its value and exact offsets."""

from __future__ import annotations

import pytest

from shelfcheck.cmi import Finding, detect_cmi


def kinds(text: str, kind: str) -> list[Finding]:
    found = [f for f in detect_cmi(text, "d") if f.kind == kind]
    for f in found:
        assert f.text == text[f.start:f.end]
    return found


@pytest.mark.parametrize(
    ("text", "isbn13"),
    [
        ("ISBN: 978-1-304-48878-7", "9781304488787"),
        ("ISBN 0-306-40615-2", "9780306406157"),
        ("ISBN-10: 0306406152", "9780306406157"),
        ("ISBN 0-8044-2957-X", "9780804429573"),
        ("See http://oreilly.com/catalog/errata.csp?isbn=9781491954386 for details", "9781491954386"),
        ("Printed book 978-1-491-95438-6.", "9781491954386"),
        ("as given in 0-306-40615-2, the classic example", "9780306406157"),
        ("EAN 9780306406157", "9780306406157"),
    ],
)
def test_isbn_forms(text, isbn13):
    found = kinds(text, "isbn")
    assert [f.value for f in found] == [isbn13]


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Copyright © 2022 Jane Doe", "2022"),
        ("Copyright, 1909, by HARPER & BROTHERS.", "1909"),
        ("(c) 2014–2016 Example Press", "2014-2016"),
        ("   (c) 1998, 1999 Software in the Public Interest, Inc.", "1998,1999"),
        ("COPYRIGHT, 1896, BY\nCHARLES SCRIBNER'S SONS", "1896"),
        ("Copyright by Harper & Brothers, 1909", "1909"),
        ("© 2017 Andreas M. Antonopoulos, LLC. All rights reserved.", "2017"),
    ],
)
def test_copyright_notices(text, years):
    found = kinds(text, "copyright_notice")
    assert [f.value for f in found] == [years]
    assert "All rights reserved" not in found[0].text


@pytest.mark.parametrize(
    "text",
    [
        "you must get permission from the copyright holder.",
        'Type "help", "copyright", "credits" or "license" for more information.',
        "He sold the copyright for five pounds.",
        "Copyright (C) 19yy  <name of author>",
        "Copyright laws are changing all over the world.",
        "* 75cd059 Update copyright",
        "f(c) 2015 + g(c)",
    ],
)
def test_copyright_prose_is_not_a_notice(text):
    assert kinds(text, "copyright_notice") == []


@pytest.mark.parametrize("text", ["All rights reserved.", "_All rights reserved_", "Tous droits réservés.", "Alle Rechte vorbehalten.", "ALL RIGHTS RESERVED"])
def test_rights_reserved(text):
    assert len(kinds(text, "rights_reserved")) == 1


def test_rights_reserved_needs_the_phrase():
    assert kinds("Bitcoin Script had ten opcodes reserved for future use.", "rights_reserved") == []


@pytest.mark.parametrize(("line", "printing"), [("10 9 8 7 6 5 4 3 2 1", "1"), ("1 3 5 7 9 10 8 6 4 2", "1"), ("10 9 8 7 6 5 4 3", "3")])
def test_printer_key(line, printing):
    text = f"Printed in the United States of America\n\n{line}\n\nFirst Edition\n"
    assert [(f.text, f.value) for f in kinds(text, "printer_key")] == [(line, printing)]


@pytest.mark.parametrize("line", ["1 2 3 4 5 6 7 8 9 10", "5 4 3 2 1", "12 7 3 99 1", "3 3 3 3 3 3 3 3 3"])
def test_not_a_printer_key(line):
    assert kinds(f"output:\n{line}\n", "printer_key") == []


def test_cip_block():
    text = (
        "Library of Congress Cataloging-in-Publication Data\n"
        "Walton, Izaak.\n  The compleat angler / Izaak Walton.\n  p. cm.\n  ISBN 0-306-40615-2\n"
        "  1. Fishing. I. Title.\nSH433 .W3 1999\n799.1'2--dc21\n\n"
        "Chapter 1\n\nThe river was quiet that morning, and the fish were not biting at all.\n"
    )
    (cip,) = kinds(text, "cip")
    assert cip.text.startswith("Library of Congress") and cip.text.endswith("799.1'2--dc21")
    assert len(kinds("British Library Cataloguing in Publication Data\nA catalogue record for this book is available from the British Library\n", "cip")) == 1


def test_doi():
    text = "See https://doi.org/10.1145/3290605.3300233. Also (doi:10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O)."
    values = [f.value for f in kinds(text, "doi")]
    assert values[0] == "10.1145/3290605.3300233"
    assert values[1].startswith("10.1002/(sici)1097-4571(199806)49:8")
    assert kinds("version 10.1234 and 110.12345/x", "doi") == []


@pytest.mark.parametrize(
    ("text", "spdx"),
    [
        ("This work is licensed under the Creative Commons Attribution 3.0\nUnported license (CC BY 3.0).", "CC-BY-3.0"),
        ("licensed under the Creative Commons Attribution-NonCommercial-ShareAlike 3.0 Unported License.", "CC-BY-NC-SA-3.0"),
        ("Creative Commons Attribution- Noncommercial-No Derivative Works 4.0 International License", "CC-BY-NC-ND-4.0"),
        ("see https://creativecommons.org/licenses/by-sa/4.0/ for terms", "CC-BY-SA-4.0"),
        ("under the GNU General Public License, version 2, or (at your option) any later version.", "GPL-2.0-or-later"),
        ("GNU GENERAL PUBLIC LICENSE\n   Version 3, 29 June 2007", "GPL-3.0-only"),
        ("Permission is hereby granted, free of charge, to any person obtaining a copy", "MIT"),
        ("Licensed under the Apache License, Version 2.0 (the \"License\");", "Apache-2.0"),
        ("re-use it under the terms of the Project Gutenberg License included", "LicenseRef-Project-Gutenberg"),
    ],
)
def test_licences(text, spdx):
    assert spdx in [f.value for f in kinds(text, "licence")]


def test_gutenberg_header_and_footer():
    text = (
        "The Project Gutenberg EBook of X\n\nTitle: X\n\n*** START OF THIS PROJECT GUTENBERG EBOOK X ***\n\n"
        "CHAPTER I\n\nThe body of the book.\n\nEnd of Project Gutenberg's X\n\n*** END OF THIS PROJECT GUTENBERG EBOOK X ***\n\nlicence text\n"
    )
    header, footer = kinds(text, "gutenberg")
    assert (header.value, header.start) == ("header", 0) and header.text.endswith("EBOOK X ***")
    assert footer.value == "footer" and footer.text.startswith("End of Project Gutenberg's X") and footer.text.endswith("licence text")
    assert "The body of the book." not in header.text + footer.text


@pytest.mark.parametrize(
    "text",
    ["Published by O'Reilly Media, Inc., 1005 Gravenstein Highway North, Sebastopol, CA 95472.", "First published in Great Britain in 1998 by Bloomsbury", "Printed in the United States of America."],
)
def test_publisher_lines(text):
    assert len(kinds(f"Title\n\n{text}\n\nMore", "publisher")) == 1


def test_publisher_phrase_inside_wrapped_prose_is_not_a_line():
    text = "The novel sold well, and a second edition was\npublished by Harper in the following spring, to great acclaim from everyone.\n"
    assert kinds(text, "publisher") == []


def test_findings_sorted_and_serialisable():
    text = "Copyright © 2017 A. Author. All rights reserved.\n\nISBN 978-1-491-95438-6\n"
    found = detect_cmi(text, "doc")
    assert [f.kind for f in found] == ["copyright_notice", "rights_reserved", "isbn"]
    assert found[2].to_dict() == {"doc": "doc", "kind": "isbn", "start": 55, "end": 72, "text": "978-1-491-95438-6", "value": "9781491954386"}


def test_offsets_are_code_points_after_non_ascii_text():
    text = "Café “quoted” — 🎉 𝔘nicode.\nCopyright © 2019 Zoë Ünlü. All rights reserved.\nISBN 978-1-491-95438-6\n"
    found = detect_cmi(text, "u")
    assert [f.kind for f in found] == ["copyright_notice", "rights_reserved", "isbn"]
    for f in found:
        assert f.text == text[f.start:f.end]
    assert found[2].text == "978-1-491-95438-6"


def test_empty_and_tiny_texts():
    assert detect_cmi("") == []
    assert detect_cmi("8 ") == []
    assert detect_cmi("ISBN") == []
