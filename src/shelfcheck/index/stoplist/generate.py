"""Regenerate the packaged boilerplate stoplist.

    python -m shelfcheck.index.stoplist.generate ../shared/data/books/LICENSES

Hashes every k-gram (not just the winnowed ones, so any context selects them) of each licence file
given and of the generic Project Gutenberg and publisher phrasing below; writes ``stoplist.npy``
(sorted unique uint32) and ``stoplist.json`` (k, and the sha256 of every source) next to this file.
Licence texts may be copied verbatim; only their hashes are shipped.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from shelfcheck.fingerprint import Params, kgram_hashes
from shelfcheck.text import normalize

# Generic phrasing that recurs across Project Gutenberg books and publishers' copyright pages.
PHRASES = [
    "This eBook is for the use of anyone anywhere at no cost and with almost no restrictions whatsoever. "
    "You may copy it, give it away or re-use it under the terms of the Project Gutenberg License included "
    "with this eBook or online at www.gutenberg.org",
    "This ebook is for the use of anyone anywhere in the United States and most other parts of the world at "
    "no cost and with almost no restrictions whatsoever. You may copy it, give it away or re-use it under the "
    "terms of the Project Gutenberg License included with this ebook or online at www.gutenberg.org. If you are "
    "not located in the United States, you will have to check the laws of the country where you are located "
    "before using this eBook.",
    "Updated editions will replace the previous one--the old editions will be renamed. Creating the works from "
    "public domain print editions means that no one owns a United States copyright in these works, so the "
    "Foundation (and you!) can copy and distribute it in the United States without permission and without "
    "paying copyright royalties. Special rules, set forth in the General Terms of Use part of this license, "
    "apply to copying and distributing Project Gutenberg-tm electronic works to protect the PROJECT "
    "GUTENBERG-tm concept and trademark. Project Gutenberg is a registered trademark, and may not be used if "
    "you charge for the eBooks, unless you receive specific permission. If you do not charge anything for "
    "copies of this eBook, complying with the rules is very easy. You may use this eBook for nearly any purpose "
    "such as creation of derivative works, reports, performances and research. They may be modified and "
    "printed and given away--you may do practically ANYTHING with public domain eBooks. Redistribution is "
    "subject to the trademark license, especially commercial redistribution.",
    "Creating the works from print editions not protected by U.S. copyright law means that no one owns a "
    "United States copyright in these works, so the Foundation (and you!) can copy and distribute it in the "
    "United States without permission and without paying copyright royalties.",
    "O'Reilly books may be purchased for educational, business, or sales promotional use. Online editions are "
    "also available for most titles. For more information, contact our corporate/institutional sales department",
    "The O'Reilly logo is a registered trademark of O'Reilly Media, Inc.",
    "While the publisher and the authors have used good faith efforts to ensure that the information and "
    "instructions contained in this work are accurate, the publisher and the authors disclaim all "
    "responsibility for errors or omissions, including without limitation responsibility for damages resulting "
    "from the use of or reliance on this work. Use of the information and instructions contained in this work "
    "is at your own risk. If any code samples or other technology this work contains or describes is subject "
    "to open source licenses or the intellectual property rights of others, it is your responsibility to ensure "
    "that your use thereof complies with such licenses and/or rights.",
    "Many of the designations used by manufacturers and sellers to distinguish their products are claimed as "
    "trademarks. Where those designations appear in this book, and the publisher was aware of a trademark "
    "claim, the designations have been printed in caps or initial caps.",
    "All rights reserved. No part of this publication may be reproduced, stored in a retrieval system, or "
    "transmitted, in any form or by any means, electronic, mechanical, photocopying, recording, or otherwise, "
    "without the prior written permission of the publisher.",
]


def main(argv: list[str]) -> None:
    params = Params()
    texts = {f"phrase-{i}": text for i, text in enumerate(PHRASES)}
    for folder in argv:
        for path in sorted(Path(folder).iterdir()):
            if path.suffix in {".txt", ".md", ".asc"}:
                texts[path.name] = path.read_text(encoding="utf-8")
    hashes = np.unique(np.concatenate([kgram_hashes(normalize(t).chars, params.k) for t in texts.values()]))
    here = Path(__file__).parent
    np.save(here / "stoplist.npy", hashes.astype(np.uint32), allow_pickle=False)
    meta = {
        "k": params.k,
        "hash": "shelfcheck.fingerprint.kgram_hashes v1",
        "sources": {name: hashlib.sha256(text.encode()).hexdigest() for name, text in sorted(texts.items())},
    }
    (here / "stoplist.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{hashes.size} hashes from {len(texts)} texts")


if __name__ == "__main__":
    main(sys.argv[1:])
