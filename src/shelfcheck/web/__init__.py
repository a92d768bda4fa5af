"""The web front end: a FastAPI app over a shelfcheck catalogue (``shelfcheck serve``).

:func:`create_app` builds the app; :mod:`~shelfcheck.web.guard` and
:mod:`~shelfcheck.web.ratelimit` keep it safe to leave running (no bodies, per-client rate limit,
no tracebacks, no query ever logged).
"""

from shelfcheck.web.app import create_app

__all__ = ["create_app"]
