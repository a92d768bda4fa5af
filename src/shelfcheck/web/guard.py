"""The ASGI layer in front of every route: request bodies, rate limit, crashes, privacy headers.

It sits inside Starlette's own error middleware, so an unexpected exception is turned into a
plain 500 message here and never reaches the server's logger with a traceback (whose exception
text could quote the user's query). It logs only the exception's type and where it was raised.
"""

from __future__ import annotations

import logging
import math
import traceback
from collections.abc import Callable

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shelfcheck.web.ratelimit import RateLimiter

log = logging.getLogger("shelfcheck.web")

# Sent with every response. no-referrer keeps the query in the page URL from leaking to any link
# target; no-store keeps searches out of shared caches and the browser's disk cache.
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}

# Paths that cost nothing to serve and are not rate limited.
UNLIMITED_PREFIXES = ("/static/", "/healthz")

ErrorRenderer = Callable[[str, int, str], Response]


class Guard:
    """Reject request bodies (413), rate-limit per client IP (429), turn crashes into 500 messages.

    ``render_error(path, status, message)`` builds the response, so API paths get JSON and pages
    get HTML.
    """

    def __init__(self, app: ASGIApp, *, limiter: RateLimiter, render_error: ErrorRenderer):
        self.app = app
        self.limiter = limiter
        self.render_error = render_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}

        # No route takes a body; refusing them outright means no request can make us buffer data.
        if headers.get("content-length", "0").strip() not in ("", "0") or "transfer-encoding" in headers:
            await self._respond(scope, receive, send, 413, "request bodies are not accepted: use GET with query parameters")
            return

        if not path.startswith(UNLIMITED_PREFIXES):
            client = scope.get("client")
            allowed, wait = self.limiter.allow(client[0] if client else "unknown")
            if not allowed:
                retry = max(1, math.ceil(wait))
                await self._respond(scope, receive, send, 429, f"too many requests: try again in {retry} s", {"retry-after": str(retry)})
                return

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = list(message.get("headers", [])) + [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:  # noqa: BLE001 - the last line of defence: a message, not a traceback
            frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
            where = f" at {frame.filename}:{frame.lineno}" if frame else ""
            log.error("internal error: %s%s", type(exc).__name__, where)
            if not started:
                await self._respond(scope, receive, send, 500, "internal error: the server could not answer this request")

    async def _respond(self, scope: Scope, receive: Receive, send: Send, status: int, message: str, extra: dict[str, str] | None = None) -> None:
        response = self.render_error(scope.get("path", ""), status, message)
        response.headers.update(SECURITY_HEADERS)
        if extra:
            response.headers.update(extra)
        await response(scope, receive, send)
