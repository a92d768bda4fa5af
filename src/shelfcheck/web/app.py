"""The search web app: one search box, results grouped by work, a page per record, a JSON API.

Privacy: queries are never logged or stored. Nothing here logs a request; the server runs with
its access log off (see :mod:`shelfcheck.cli.serve`); every response carries ``Referrer-Policy:
no-referrer`` and ``Cache-Control: no-store``. Error responses are one-line messages, never
tracebacks.
"""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from importlib.resources import files
from typing import Any

from fastapi import FastAPI, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader
from starlette.exceptions import HTTPException

from shelfcheck import __version__
from shelfcheck.errors import ShelfcheckError
from shelfcheck.web.guard import Guard
from shelfcheck.web.ratelimit import RateLimiter

FIELDS = ("author", "title", "isbn")
DEFAULT_LIMIT = 20
MAX_LIMIT = 100

# Record fields shown in the page header; every other field of Record.to_dict() is listed under
# "Identifiers and sources" (these first, the rest by name), so a field the catalogue adds later
# still shows up.
HEADER_FIELDS = ("title", "authors", "year", "publisher", "language")
RECORD_ID = Path(ge=0, le=2**63 - 1)  # SQLite's integer range: larger ids are a 400, not an overflow
DETAIL_ORDER = ("isbns", "md5", "source", "source_id", "work_key", "record_id")


class BadInput(Exception):
    """A request parameter the user must fix: answered with 400 and this message."""


def _templates() -> Environment:
    env = Environment(loader=PackageLoader("shelfcheck.web", "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["show"] = _show
    env.globals["version"] = __version__
    return env


def _show(value: Any) -> str:
    """Any identifier value as text: lists joined, mappings as key=value, None as nothing."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return ", ".join(f"{k}={_show(v)}" for k, v in sorted(value.items()))
    if isinstance(value, (list, tuple, set)):
        return ", ".join(_show(v) for v in value)
    return str(value)


def _distinct(records: list[dict], key: str) -> list[str]:
    """Sorted distinct non-empty values of ``key`` over the records (years, publishers, languages)."""
    return sorted({str(r[key]) for r in records if r.get(key) not in (None, "")})


def _group_view(group: Any) -> dict:
    """What the results page shows for one work: its editions plus their years/publishers/languages.

    Those summaries are what tell two authors of the same name apart at a glance.
    """
    records = [r.to_dict() for r in group.records]
    return {
        "work_key": group.work_key,
        "title": group.title,
        "authors": group.authors,
        "records": records,
        "years": _distinct(records, "year"),
        "publishers": _distinct(records, "publisher"),
        "languages": _distinct(records, "language"),
    }


def create_app(db_path: str | os.PathLike, *, rate_limit_per_minute: int = 120, max_query_chars: int = 200) -> FastAPI:
    """The FastAPI app serving the catalogue at ``db_path``.

    Raises :class:`~shelfcheck.errors.ShelfcheckError` if the catalogue is missing or not a
    shelfcheck catalogue. ``rate_limit_per_minute`` is per client IP; a query longer than
    ``max_query_chars`` is refused with 400.
    """
    from shelfcheck.catalog import Catalog

    # One Catalog for all worker threads: it shares one read-only connection behind a lock.
    cat = Catalog.open(db_path)
    env = _templates()

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        cat.close()

    app = FastAPI(title="shelfcheck", version=__version__, docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)

    def render(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context), status_code=status_code)

    def render_error(path: str, status: int, message: str) -> Response:
        if path.startswith("/api/"):
            return JSONResponse({"error": message, "status": status}, status_code=status)
        return render("error.html", status, status=status, message=message, query="", field="")

    def search_args(q: str, field: str, limit: int) -> tuple[str, str | None]:
        q = q.strip()
        if not q:
            raise BadInput("the query is empty: pass q=<author, title or ISBN>")
        if len(q) > max_query_chars:
            raise BadInput(f"the query is {len(q)} characters long; the limit is {max_query_chars}")
        if field and field not in FIELDS:
            raise BadInput(f"field must be one of {', '.join(FIELDS)} (or empty for all)")
        if not 1 <= limit <= MAX_LIMIT:
            raise BadInput(f"limit must be between 1 and {MAX_LIMIT}")
        return q, field or None

    def search(q: str, field: str | None, limit: int):
        try:
            return cat.search(q, field=field, limit=limit)
        except ShelfcheckError as exc:
            raise BadInput(str(exc)) from None

    @app.exception_handler(BadInput)
    async def bad_input(request: Request, exc: BadInput) -> Response:
        return render_error(request.url.path, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        # Name the parameter and the rule, never echo the value (it may be the query).
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', 'invalid')}" for e in exc.errors())
        return render_error(request.url.path, 400, problems or "invalid request")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        messages = {404: "not found", 405: "method not allowed: this server only answers GET"}
        message = exc.detail if isinstance(exc.detail, str) and exc.detail not in ("Not Found", "Method Not Allowed") else messages.get(exc.status_code, "request refused")
        return render_error(request.url.path, exc.status_code, message)

    @app.get("/", response_class=HTMLResponse)
    def page_search(q: str = "", field: str = "", limit: int = DEFAULT_LIMIT) -> Response:
        if not q.strip():
            return render("search.html", query="", field=field if field in FIELDS else "", groups=None, count=0, autofocus=True)
        try:
            query, chosen = search_args(q, field, limit)
        except BadInput as exc:
            # Keep the box (with what was typed, if it is not absurdly long) so the user can fix it.
            return render("search.html", 400, query=q[:max_query_chars], field="", groups=None, count=0, error=str(exc))
        results = search(query, chosen, limit)
        groups = [_group_view(g) for g in results.groups]
        return render("search.html", query=query, field=chosen or "", groups=groups, count=sum(len(g["records"]) for g in groups))

    @app.get("/record/{record_id}", response_class=HTMLResponse)
    def page_record(record_id: int = RECORD_ID) -> Response:
        record = cat.record(record_id)
        if record is None:
            return render_error("/record", 404, f"no record {record_id} in this catalogue")
        data = record.to_dict()
        header = {k: data.get(k) for k in HEADER_FIELDS}
        rank = {k: i for i, k in enumerate(DETAIL_ORDER)}
        keys = sorted((k for k in data if k not in HEADER_FIELDS), key=lambda k: (rank.get(k, len(rank)), k))
        details = {k: data[k] for k in keys if data[k] not in (None, "", [], {})}
        return render("record.html", record=header, details=details, record_id=record_id, query="", field="")

    @app.get("/api/search")
    def api_search(q: str = "", field: str = "", limit: int = DEFAULT_LIMIT) -> Response:
        query, chosen = search_args(q, field, limit)
        return Response(search(query, chosen, limit).payload(query, chosen, limit), media_type="application/json")

    @app.get("/api/record/{record_id}")
    def api_record(record_id: int = RECORD_ID) -> Response:
        record = cat.record(record_id)
        if record is None:
            return render_error("/api/record", 404, f"no record {record_id} in this catalogue")
        return JSONResponse(record.to_dict())

    @app.get("/healthz")
    def healthz() -> dict:
        return {"status": "ok", "shelfcheck_version": __version__}

    app.mount("/static", StaticFiles(directory=str(files("shelfcheck.web") / "static")), name="static")
    app.add_middleware(Guard, limiter=RateLimiter(rate_limit_per_minute), render_error=render_error)
    return app
