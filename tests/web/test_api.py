"""The web app through FastAPI's TestClient: JSON shape, grouped pages, limits, errors, privacy."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from shelfcheck.cli import main
from shelfcheck.errors import ShelfcheckError
from shelfcheck.web import create_app
from shelfcheck.web.ratelimit import RateLimiter

RESULT_KEYS = {"title", "authors", "year", "publisher", "language", "isbns", "source", "source_id", "md5", "record_id", "work_key"}


@pytest.fixture()
def client(catalog_db):
    with TestClient(create_app(catalog_db), raise_server_exceptions=False) as c:
        yield c


def server_log(caplog) -> str:
    """Captured log lines from the server side (httpx* and httpcore are the test's own HTTP client)."""
    return "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith(("httpx", "httpcore")))


def assert_no_traceback(text: str) -> None:
    assert "Traceback" not in text and 'File "' not in text


def test_api_search_is_byte_identical_to_the_cli_json(client, catalog_db, capsys):
    response = client.get("/api/search", params={"q": "Antonopoulos"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    try:
        main(["catalog", "search", "Antonopoulos", "--db", str(catalog_db), "--json"])
    except SystemExit as exit_:
        assert exit_.code in (0, None)
    assert response.text == capsys.readouterr().out.rstrip("\n")

    body = response.json()
    assert body["parameters"] == {"query": "Antonopoulos", "field": None, "limit": 20}
    assert body["results"] and all(set(r) == RESULT_KEYS for r in body["results"])
    titles = {r["title"] for r in body["results"]}
    assert any("Bitcoin" in t for t in titles) and any("Ethereum" in t for t in titles)


def test_api_isbn_query_finds_the_edition(client):
    response = client.get("/api/search", params={"q": "978-1-491-95438-6", "field": "isbn"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results and all("9781491954386" in r["isbns"] for r in results)


def with_md5(client, query: str) -> dict:
    """The first search result for ``query`` that names a file (has an md5)."""
    return next(r for r in client.get("/api/search", params={"q": query}).json()["results"] if r["md5"])


def test_api_record_has_identifiers(client):
    first = with_md5(client, "Mastering Bitcoin")
    record = client.get(f"/api/record/{first['record_id']}").json()
    assert record["md5"] == first["md5"] and "9781491954386" in record["isbns"]


def test_page_groups_editions_by_work(client):
    page = client.get("/", params={"q": "Antonopoulos"})
    assert page.status_code == 200
    html = page.text
    assert html.count('class="work"') >= 2  # Bitcoin and Ethereum are separate works
    assert "Gavin Wood" in html  # co-authors are visible
    assert 'href="/record/' in html


def test_record_page_shows_identifiers_and_source(client):
    first = with_md5(client, "Mastering Bitcoin")
    html = client.get(f"/record/{first['record_id']}").text
    assert "9781491954386" in html and first["md5"] in html and first["source"] in html


def test_html_is_escaped(client):
    html = client.get("/", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/search", 400, "query is empty"),
        ("/api/search?q=" + "a" * 201, 400, "limit is 200"),
        ("/api/search?q=bitcoin&field=colour", 400, "field must be one of"),
        ("/api/search?q=bitcoin&limit=0", 400, "limit must be between 1 and 100"),
        ("/api/search?q=bitcoin&limit=1000", 400, "limit must be between 1 and 100"),
        ("/api/search?q=bitcoin&limit=ten", 400, "limit: "),
        ("/api/record/abc", 400, "record_id: "),
        ("/api/record/999999999", 404, "no record 999999999"),
        ("/api/record/99999999999999999999", 400, "record_id: "),
        ("/api/nothing", 404, "not found"),
    ],
)
def test_bad_api_input_is_a_4xx_json_message(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert message in response.json()["error"]
    assert_no_traceback(response.text)


@pytest.mark.parametrize(("url", "status"), [("/?q=" + "x" * 500, 400), ("/record/abc", 400), ("/record/999999999", 404), ("/nowhere", 404)])
def test_bad_page_input_is_a_4xx_page(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert 'class="error"' in response.text
    assert_no_traceback(response.text)


def test_bodies_and_other_methods_are_refused(client):
    posted = client.post("/api/search", content=b"x" * 10)
    assert posted.status_code == 413 and "bodies are not accepted" in posted.json()["error"]
    deleted = client.delete("/api/search")
    assert deleted.status_code == 405 and "only answers GET" in deleted.json()["error"]


def test_rate_limit_answers_429_with_retry_after(catalog_db):
    with TestClient(create_app(catalog_db, rate_limit_per_minute=3)) as c:
        codes = [c.get("/api/search", params={"q": "bitcoin"}).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        limited = c.get("/api/search", params={"q": "bitcoin"})
        assert "too many requests" in limited.json()["error"] and int(limited.headers["retry-after"]) >= 1
        assert c.get("/healthz").status_code == 200  # health checks are never limited


def test_rate_limiter_refills_over_time():
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0])
    assert all(limiter.allow("a")[0] for _ in range(60))
    allowed, wait = limiter.allow("a")
    assert not allowed and wait == pytest.approx(1.0)
    assert limiter.allow("b")[0]  # buckets are per client
    now[0] = 2.0
    assert limiter.allow("a")[0] and limiter.allow("a")[0] and not limiter.allow("a")[0]


def test_rate_limiter_memory_is_bounded():
    limiter = RateLimiter(5, max_clients=100)
    for i in range(1000):
        limiter.allow(f"10.0.{i // 256}.{i % 256}")
    assert len(limiter._buckets) == 100


def test_internal_errors_are_a_message_without_traceback(catalog_db, monkeypatch, caplog):
    from shelfcheck.catalog import Catalog

    def explode(self, q, field=None, limit=20):
        raise RuntimeError(f"boom while searching {q}")

    monkeypatch.setattr(Catalog, "search", explode)
    with TestClient(create_app(catalog_db)) as c, caplog.at_level(logging.DEBUG):
        api = c.get("/api/search", params={"q": "secretquery"})
        page = c.get("/", params={"q": "secretquery"})
    assert api.status_code == 500 and api.json()["error"].startswith("internal error")
    assert page.status_code == 500 and "internal error" in page.text
    for text in (api.text, page.text):
        assert_no_traceback(text)
        assert "boom" not in text
    assert "RuntimeError" in server_log(caplog) and "secretquery" not in server_log(caplog)


def test_no_query_is_logged(client, caplog):
    query = "Antonopoulos zqxjv-private-query"
    with caplog.at_level(logging.DEBUG):
        client.get("/api/search", params={"q": query})
        client.get("/", params={"q": query})
        client.get("/api/search", params={"q": query, "limit": "x"})
    assert "zqxjv" not in server_log(caplog)


def test_privacy_headers_on_every_response(client):
    for url in ("/", "/api/search?q=bitcoin", "/api/search", "/static/style.css"):
        headers = client.get(url).headers
        assert headers["referrer-policy"] == "no-referrer" and headers["cache-control"] == "no-store"
        assert "default-src 'none'" in headers["content-security-policy"]


def test_missing_catalogue_is_a_shelfcheck_error(tmp_path):
    with pytest.raises(ShelfcheckError):
        create_app(tmp_path / "nope.sqlite")


def test_same_name_authors_are_told_apart(tmp_path):
    from shelfcheck.catalog import import_files

    listing = tmp_path / "list.csv"
    listing.write_text(
        "id,title,author,year,publisher,language,isbn\n"
        "s1,Tide Tables of the North Sea,John Smith,1962,Admiralty Press,English,\n"
        "s2,Tide Tables of the North Sea,John Smith,1971,Admiralty Press,English,\n"
        "s3,Distributed Ledgers in Practice,John Smith; Mei Chen,2019,Lakeside Books,German,\n",
        encoding="utf-8",
    )
    import_files([listing], tmp_path / "smith.sqlite")
    with TestClient(create_app(tmp_path / "smith.sqlite")) as c:
        html = c.get("/", params={"q": "John Smith"}).text
    cards = html.split('class="work"')[1:]
    assert len(cards) == 2
    tides = next(card for card in cards if "Tide Tables" in card)
    ledgers = next(card for card in cards if "Distributed Ledgers" in card)
    assert "1962, 1971" in tides and "Admiralty Press" in tides and "Lakeside Books" not in tides
    assert "2019" in ledgers and "Mei Chen" in ledgers and "German" in ledgers
