"""One search box over the catalogue, like the ones users know.

* An ISBN-10 or ISBN-13 in any hyphenation goes straight to the ISBN table; 32 hex digits to md5.
* Otherwise the words are folded like the FTS5 ``unicode61 remove_diacritics 2`` tokenizer folds
  the index ("Rene" meets "René"), ANDed in any order ("elinor lane" meets "Lane, Elinor"), and a
  word the index has never seen is replaced by its closest indexed words (rapidfuzz over the
  ``terms`` rows sharing its first two letters and a similar length), so "Antonopolous" finds
  "Antonopoulos". If nothing matches every word, any word may match.
* FTS5's bm25 picks up to a few hundred candidates; rapidfuzz re-ranks them against the whole
  query, so the result closest to what was typed comes first. When the words are so common that
  tens of thousands of records match, bm25 is skipped (it would score every one) and the
  first 500 matches (those with the words side by side first) are re-ranked by rapidfuzz alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field as dc_field
from typing import TYPE_CHECKING, Any

import orjson
from rapidfuzz import fuzz, process

from shelfcheck.catalog.grouping import group_records
from shelfcheck.catalog.model import Record, WorkGroup
from shelfcheck.catalog.text import tokens
from shelfcheck.errors import ShelfcheckError

if TYPE_CHECKING:
    from shelfcheck.catalog.reader import Catalog

FIELDS = {None: None, "author": "authors", "title": "title", "isbn": None}
_MD5 = re.compile(r"^[0-9a-fA-F]{32}$")
_ISBN_QUERY = re.compile(r"^(?:isbn(?:-?1[03])?[:\s]*)?([\dXx][\d\s-]{8,16}[\dXx])$", re.IGNORECASE)
MIN_FUZZY_LEN = 4  # shorter words have too many neighbours one edit away to be worth guessing
FUZZY_CUTOFF = 75.0  # rapidfuzz ratio (0-100) a replacement word must reach
FUZZY_ALTERNATIVES = 3
CANDIDATES = 200
# Above this many matching records (estimated from word counts), bm25 would score them all
# (tens of ms per 100 k); instead the first UNRANKED_POOL matches are re-ranked by rapidfuzz alone.
RANK_MAX_DOCS = 20_000
UNRANKED_POOL = 500
COMMON_DOCS = 50_000  # a word in more records than this is dropped from the FTS match when a rarer one narrows it


@dataclass(frozen=True)
class SearchResults:
    """Ranked records for one query; ``groups`` puts editions of one work together."""

    query: str
    field: str | None
    records: list[Record]
    scores: list[float] = dc_field(default_factory=list)

    @property
    def groups(self) -> list[WorkGroup]:
        return group_records(self.records)

    def to_json(self) -> dict[str, Any]:
        return {"results": [r.to_json() for r in self.records]}

    def payload(self, query: str, field: str | None, limit: int) -> bytes:
        """What ``catalog search --json`` prints and the web API answers: one function, same bytes."""
        return json_output({**self.to_json(), "parameters": {"query": query, "field": field, "limit": limit}})

    def __len__(self) -> int:
        return len(self.records)


def json_output(body: dict[str, Any]) -> bytes:
    """Every catalogue ``--json`` output: ``body`` plus ``shelfcheck_version``, keys sorted (reproducible)."""
    from shelfcheck import __version__

    return orjson.dumps({"shelfcheck_version": __version__, **body}, option=orjson.OPT_SORT_KEYS)


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _docs(cat: "Catalog", word: str) -> int:
    """How many records hold ``word`` (0: the index has never seen it)."""
    rows = cat.query("SELECT docs FROM terms WHERE p2 = ? AND len = ? AND term = ?", (word[:2], len(word), word))
    return rows[0][0] if rows else 0


def _neighbours(cat: "Catalog", word: str) -> list[str]:
    """Indexed words closest to a word the index lacks: first those sharing its first two letters
    (one index range), and only if none is close, those sharing its first letter (a wider scan)."""
    if len(word) < MIN_FUZZY_LEN:
        return []
    lengths = (len(word) - 2, len(word) + 2)
    for sql, key in (
        ("SELECT term FROM terms WHERE p2 = ? AND len BETWEEN ? AND ?", word[:2]),
        ("SELECT term FROM terms WHERE p2 >= ? AND p2 < ? AND len BETWEEN ? AND ?", None),
    ):
        params = (key, *lengths) if key else (word[0], word[0] + "\U0010ffff", *lengths)
        rows = cat.query(sql, params)
        found = process.extract(word, [r[0] for r in rows], scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=FUZZY_ALTERNATIVES)
        if found:
            return [term for term, _score, _index in found]
    return []


def _fts_ids(cat: "Catalog", alternatives: list[list[str]], column: str | None, joiner: str, limit: int) -> list[int]:
    groups = [words for words in alternatives if words]
    if not groups:
        return []
    counts = [sum(_docs(cat, w) for w in words) for words in groups]
    if joiner == "AND" and min(counts) <= RANK_MAX_DOCS:
        # Very common words cost FTS5 a walk of huge doclists; when a rarer word already narrows
        # the match, leave them to the re-ranking, which still scores the whole query.
        kept = [(words, n) for words, n in zip(groups, counts) if n <= COMMON_DOCS] or [min(zip(groups, counts), key=lambda p: p[1])]
        if len(kept) < len(groups):  # a looser match: let the re-ranking see more of it
            limit = max(limit, UNRANKED_POOL)
        groups, counts = [w for w, _ in kept], [n for _, n in kept]
    parts = ["(" + " OR ".join(_quoted(w) for w in words) + ")" for words in groups]
    expression = f" {joiner} ".join(parts)
    if column:
        expression = f"{{{column}}} : ({expression})"
    estimate = min(counts) if joiner == "AND" else sum(counts)
    if estimate <= RANK_MAX_DOCS:
        rows = cat.query("SELECT rowid FROM records_fts WHERE records_fts MATCH ? ORDER BY rank LIMIT ?", (expression, limit))
        return [r[0] for r in rows]
    # Too common to rank: take the records holding the words as typed, side by side, first
    # (a title's words in order), then any holding them all, up to the unranked pool.
    pool = max(limit, UNRANKED_POOL)
    ids: list[int] = []
    if joiner == "AND" and len(parts) > 1:
        phrase = _quoted(" ".join(words[0] for words in groups))
        phrase = f"{{{column}}} : {phrase}" if column else phrase
        ids = [r[0] for r in cat.query("SELECT rowid FROM records_fts WHERE records_fts MATCH ? LIMIT ?", (phrase, pool))]
    if len(ids) < pool:
        seen = set(ids)
        more = cat.query("SELECT rowid FROM records_fts WHERE records_fts MATCH ? LIMIT ?", (expression, pool))
        ids.extend(r[0] for r in more if r[0] not in seen)
    return ids[:pool]


def _rerank(cat: "Catalog", query: str, ids: list[int], field: str | None, limit: int) -> tuple[list[Record], list[float]]:
    """Order by closeness to the query: a query that matches one field whole (all words in the
    author, or in the title) beats one whose words are spread over both; FTS order breaks ties.
    Only title and authors are read for the candidates; whole records only for the ``limit`` kept."""
    folded = " ".join(tokens(query))
    marks = ",".join("?" * len(ids))
    texts = {rid: (t, a) for rid, t, a in cat.query(f"SELECT id, title, authors FROM records WHERE id IN ({marks})", ids)} if ids else {}

    def score(rid: int) -> float:
        raw_title, raw_authors = texts[rid]
        authors = " ".join(tokens(raw_authors))
        title = " ".join(tokens(raw_title))
        if field == "author":
            return fuzz.token_set_ratio(folded, authors)
        if field == "title":
            return fuzz.token_set_ratio(folded, title)
        whole = max(fuzz.token_set_ratio(folded, authors), fuzz.token_set_ratio(folded, title))
        return 0.6 * whole + 0.4 * fuzz.token_set_ratio(folded, f"{title} {authors}")

    scored = sorted(((score(rid) - 0.001 * position, rid) for position, rid in enumerate(ids) if rid in texts), key=lambda pair: -pair[0])[:limit]
    return cat.records_by_ids([rid for _, rid in scored]), [round(max(s, 0.0), 3) for s, _ in scored]


def search(cat: "Catalog", query: str, field: str | None = None, limit: int = 20) -> SearchResults:
    if field not in FIELDS:
        raise ShelfcheckError(f"search field must be one of author, title, isbn (got {field!r})")
    if limit < 1:
        raise ShelfcheckError(f"search limit must be at least 1 (got {limit})")
    text = query.strip()
    isbn_match = _ISBN_QUERY.match(text)
    if field == "isbn" or (field is None and isbn_match):
        records = cat.records_for_isbn(isbn_match.group(1) if isbn_match else text)
        if records or field == "isbn":
            return SearchResults(query, field, records[:limit], [100.0] * min(limit, len(records)))
    if field is None and _MD5.match(text):
        records = cat.records_for_md5(text)
        return SearchResults(query, field, records[:limit], [100.0] * min(limit, len(records)))
    words = list(dict.fromkeys(tokens(text)))
    if not words:
        return SearchResults(query, field, [])
    column = FIELDS[field]
    pool = max(CANDIDATES, limit)
    known = [_docs(cat, w) > 0 for w in words]
    alternatives = [[w] if ok else [w, *_neighbours(cat, w)] for w, ok in zip(words, known)]
    ids = _fts_ids(cat, alternatives, column, "AND", pool)
    if not ids:  # a known word may still be a misspelling of the intended one
        alternatives = [[w, *_neighbours(cat, w)] for w in words]
        ids = _fts_ids(cat, alternatives, column, "AND", pool)
    if not ids and len(words) > 1:
        ids = _fts_ids(cat, alternatives, column, "OR", pool)
    # Re-rank against the query as corrected: each unknown word replaced by its closest indexed word.
    corrected = " ".join(alts[1] if len(alts) > 1 and not ok else alts[0] for alts, ok in zip(alternatives, known))
    records, scores = _rerank(cat, corrected, ids, field, limit)
    return SearchResults(query, field, records, scores)
