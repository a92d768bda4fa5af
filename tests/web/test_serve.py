"""`shelfcheck serve` as a user runs it: a real uvicorn process, its output, its refusals."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx
import pytest

from shelfcheck.cli.serve import is_loopback


def serve(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "shelfcheck", "serve", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_serves_on_loopback_and_logs_no_query(catalog_db, free_port):
    port = free_port
    proc = serve("--db", str(catalog_db), "--port", str(port))
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"serve did not start: {proc.stderr.read() if proc.poll() is not None else 'timeout'}")
            time.sleep(0.2)
        found = httpx.get(base + "/api/search", params={"q": "Antonopoulos qzvprivate"})
        assert found.status_code == 200 and found.json()["results"]
        assert httpx.get(base + "/", params={"q": "qzvprivate"}).status_code == 200
        assert httpx.get(base + "/api/search", params={"q": "qzvprivate" * 50}).status_code == 400
        assert "server" not in found.headers  # no version banner
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in err
    assert "qzvprivate" not in out + err
    assert "warning" not in err.lower()


def test_missing_catalogue_is_one_line_and_exit_2(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "shelfcheck", "serve", "--db", str(tmp_path / "none.sqlite")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "none.sqlite" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_non_loopback_host_warns(catalog_db, free_port):
    # 192.0.2.1 (TEST-NET-1) is never a local address: the warning is printed, then binding fails,
    # so the test exposes nothing to the network.
    proc = subprocess.run([sys.executable, "-m", "shelfcheck", "serve", "--db", str(catalog_db), "--host", "192.0.2.1", "--port", str(free_port)],
                          capture_output=True, text=True, timeout=120)
    assert "warning" in proc.stderr and "reachable from other machines" in proc.stderr
    assert proc.returncode == 2 and f"cannot listen on 192.0.2.1:{free_port}" in proc.stderr


def test_taken_port_is_one_line_and_exit_2(catalog_db):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "shelfcheck", "serve", "--db", str(catalog_db), "--port", str(port)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("127.8.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True),
                                                ("0.0.0.0", False), ("::", False), ("192.168.1.4", False), ("example.org", False)])
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback
