"""`gapassess serve` runs the app on a real socket: gunicorn worker processes here (POSIX)."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
GAPASSESS = Path(sys.executable).with_name("gapassess")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_refuses_an_uninitialised_database(tmp_path):
    env = {**os.environ, "GAPASSESS_INSTANCE_PATH": str(tmp_path)}
    env.pop("GAPASSESS_DATABASE_URL", None)
    result = subprocess.run([GAPASSESS, "serve"], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode != 0
    assert "gapassess init" in result.stderr


@pytest.fixture
def serving(tmp_path):
    """Start `gapassess serve` with the given arguments on a fresh database; (port, process)."""
    env = {**os.environ, "GAPASSESS_INSTANCE_PATH": str(tmp_path)}
    env.pop("GAPASSESS_DATABASE_URL", None)
    subprocess.run([GAPASSESS, "init"], env=env, check=True, capture_output=True)
    servers = []

    def start(*args: str) -> tuple[int, subprocess.Popen]:
        port = _free_port()
        server = subprocess.Popen([GAPASSESS, "serve", "--port", str(port), *args], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        servers.append(server)
        _get(port, "/login", server)
        return port, server

    yield start
    for server in servers:
        server.terminate()
        server.communicate(timeout=30)


def _get(port: int, path: str, server: subprocess.Popen) -> str:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as response:
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise
            time.sleep(0.2)


def test_serve_answers_http(serving):
    port, server = serving()
    page = _get(port, "/login", server)
    assert "Log in" in page
    assert 'name="csrf_token"' in page
    server.terminate()
    output = server.communicate(timeout=30)[0]
    assert f"http://127.0.0.1:{port}/" in output


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")
def test_serve_runs_worker_processes_that_share_the_login_limit(serving):
    port, server = serving("--workers", "2")
    children_file = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    deadline = time.monotonic() + 30  # gunicorn starts its workers one after the other
    while len(children_file.read_text().split()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(children_file.read_text().split()) == 2

    # 14 people at once try to log in from one address, over both workers. The limit is 10 a
    # minute: counted per process, each worker would let 10 through.
    attempts = 14
    ready = threading.Barrier(attempts)
    statuses: list[int] = []

    def attempt() -> None:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = opener.open(f"http://127.0.0.1:{port}/login").read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode(
            {"csrf_token": token, "email": "nobody@example.com", "password": "wrong"}).encode()
        ready.wait(timeout=30)
        try:
            status = opener.open(f"http://127.0.0.1:{port}/login", form).status
        except urllib.error.HTTPError as refused:
            status = refused.code
        statuses.append(status)

    threads = [threading.Thread(target=attempt) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [200] * 10 + [429] * 4


def test_without_gunicorn_waitress_serves_the_app_with_threads(app, monkeypatch):
    """Windows has no gunicorn: the same command serves with waitress's threads."""
    import waitress

    from gapassess.cli import serving

    calls = []
    monkeypatch.setattr(serving, "gunicorn_available", lambda: False)
    monkeypatch.setattr(waitress, "serve", lambda *args, **kwargs: calls.append((args, kwargs)))
    serving.serve(app, "127.0.0.1", 5099, workers=4, threads=6)
    assert calls == [((app,), {"host": "127.0.0.1", "port": 5099, "threads": 6,
                               "ident": ""})]


def _headers(port: int, path: str) -> dict[str, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as response:
            return dict(response.headers)
    except urllib.error.HTTPError as refused:
        return dict(refused.headers)


def test_gunicorn_sends_no_server_header(serving):
    port, _server = serving("--workers", "2")
    for path in ("/login", "/no-such-page", "/static/app.css"):
        headers = {name.lower() for name in _headers(port, path)}
        assert "server" not in headers, (path, headers)
        assert "date" in headers  # the other headers gunicorn writes are still there


def test_waitress_sends_no_server_header(app, monkeypatch):
    import waitress

    from gapassess.cli import serving

    servers = []

    def start(wsgi_app, **kwargs):
        servers.append(waitress.create_server(wsgi_app, **kwargs))
        servers[-1].run()

    monkeypatch.setattr(serving, "gunicorn_available", lambda: False)
    monkeypatch.setattr(waitress, "serve", start)
    port = _free_port()
    thread = threading.Thread(target=serving.serve, args=(app, "127.0.0.1", port),
                              kwargs={"workers": None, "threads": 2, "announce": str},
                              daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not servers and time.monotonic() < deadline:
            time.sleep(0.05)
        for path in ("/login", "/no-such-page"):
            headers = {name.lower() for name in _headers(port, path)}
            assert "server" not in headers and "via" not in headers, (path, headers)
    finally:
        servers[0].close()


def test_bind_address_brackets_ipv6():
    from gapassess.cli.serving import bind_address

    assert bind_address("127.0.0.1", 5000) == "127.0.0.1:5000"
    assert bind_address("::1", 5000) == "[::1]:5000"
    assert bind_address("::", 8080) == "[::]:8080"
