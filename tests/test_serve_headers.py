"""The servers `gapassess serve` uses are set up to send no Server header (the real
servers are started in tests/test_serve.py, a slow test)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

gunicorn_wsgi = pytest.importorskip("gunicorn.http.wsgi")


def test_gunicorn_responses_have_no_server_line(monkeypatch):
    from gapassess.cli.serving import hide_gunicorn_server_header

    Response = gunicorn_wsgi.Response
    monkeypatch.setattr(Response, "default_headers", Response.default_headers)  # undone after
    request = SimpleNamespace(version=(1, 1), method="GET", should_close=lambda: False)
    cfg = SimpleNamespace()

    def lines() -> list[str]:
        response = Response(request, None, cfg)
        response.status, response.status_code = "200 OK", 200
        return [line.split(":")[0] for line in response.default_headers()]

    assert "Server" in lines()  # what gunicorn sends by itself
    hide_gunicorn_server_header()
    hide_gunicorn_server_header()  # twice is once
    assert "Server" not in lines()
    assert {"Date", "Connection"} <= set(lines())
