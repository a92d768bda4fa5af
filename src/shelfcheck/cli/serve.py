"""`shelfcheck serve`: the catalogue search page and JSON API on a local web server."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import typer

from shelfcheck.cli.app import app, err_console
from shelfcheck.errors import ShelfcheckError


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1); False for any other name."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def listen(host: str, port: int) -> socket.socket:
    """A listening socket, bound here so a taken port or a foreign address is one error line."""
    try:
        family, _type, _proto, _name, address = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
        return socket.create_server(address, family=family)
    except OSError as exc:
        raise ShelfcheckError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


@app.command()
def serve(
    db: Path = typer.Option(..., "--db", help="Catalogue built by `shelfcheck catalog import`."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind. Loopback by default; anything else is reachable from the network."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    rate_limit: int = typer.Option(120, "--rate-limit", min=1, help="Requests per minute per client IP (bursts up to this many)."),
    max_query_chars: int = typer.Option(200, "--max-query-chars", min=1, help="Longest query accepted."),
) -> None:
    """Serve a search page (results grouped by work, a page per record) and GET /api/search?q=...

    Queries are never logged or stored: the access log is off and nothing else records them.
    """
    import uvicorn

    from shelfcheck.web import create_app

    web_app = create_app(str(db), rate_limit_per_minute=rate_limit, max_query_chars=max_query_chars)
    if not is_loopback(host):
        err_console.print(
            f"[bold yellow]warning:[/] binding to {host}: the catalogue is reachable from other machines. "
            "Use --host 127.0.0.1 to keep it local.",
            highlight=False,
            soft_wrap=True,
        )
    sock = listen(host, port)
    config = uvicorn.Config(
        web_app,
        access_log=False,  # the access log would record every query string
        server_header=False,
        limit_concurrency=64,
        timeout_keep_alive=5,
        log_level="warning",
    )
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    err_console.print(f"Serving {db} at http://{shown}:{port}/ (Ctrl-C to stop)", highlight=False, soft_wrap=True)
    uvicorn.Server(config).run(sockets=[sock])
