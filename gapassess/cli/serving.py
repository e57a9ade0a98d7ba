"""Serving the web app: worker processes under gunicorn where it runs, waitress elsewhere.

Python runs one thread at a time per process, and every database call lets another thread
in: under load, threads of one process spend much of their time handing that turn to each
other. So on POSIX systems the app runs in several single-threaded worker processes
(gunicorn's sync workers), one per core by default; they share the database, the login and
join rate limits (kept in the database, see ``db.rate_limits``) and the secret key. On other
systems, where gunicorn does not run, waitress serves with threads in one process.

Sync workers handle one request at a time and close the connection after it; in front of
the internet, put a buffering reverse proxy (nginx, a load balancer) before them, as for any
gunicorn deployment.

Neither server names itself in a ``Server`` header: it would tell anyone which server (and,
in older gunicorn, which version) to look up weaknesses for.
"""

from __future__ import annotations

import os

from gapassess.i18n import ngettext

# A report or workbook upload of a full bank takes seconds; a worker silent for this long is
# stuck and gunicorn replaces it.
WORKER_TIMEOUT_S = 120
# By default one worker per core, within these bounds: on one core two workers still let a
# slow request (a report) not hold up everyone; past eight, SQLite's single writer and each
# worker's memory (about 100 MB) gain little. --workers sets any number.
MIN_WORKERS, MAX_WORKERS = 2, 8


def default_workers() -> int:
    """One per core this process may use (a container's share, not the host's count)."""
    if hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))
    else:  # pragma: no cover - macOS
        cores = os.cpu_count() or 1
    return max(MIN_WORKERS, min(MAX_WORKERS, cores))


def bind_address(host: str, port: int) -> str:
    """gunicorn's bind string; an IPv6 address goes in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def gunicorn_available() -> bool:
    if os.name != "posix":
        return False
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


def serve(
    app, host: str, port: int, *, workers: int | None, threads: int, announce=print
) -> None:
    """Serve until stopped, saying where and how with ``announce``. ``app`` is served by
    waitress; gunicorn's workers (``workers``, else ``default_workers()``) build their own
    after the fork, so this process's database connections are closed first."""
    url = f"http://{host}:{port}/"
    if gunicorn_available():
        workers = workers or default_workers()
        # TRANSLATORS: the English says "processes" whatever the number.
        announce(ngettext("gapassess is running at %(url)s with %(num)d worker processes  "
                          "(Ctrl+C to stop)",
                          "gapassess is running at %(url)s with %(num)d worker processes  "
                          "(Ctrl+C to stop)", workers, url=url))
        app.extensions["gapassess.engine"].dispose()
        _serve_gunicorn(host, port, workers)
        return
    from waitress import serve as waitress_serve

    # TRANSLATORS: the English says "threads" whatever the number.
    announce(ngettext("gapassess is running at %(url)s with %(num)d threads  (Ctrl+C to stop)",
                      "gapassess is running at %(url)s with %(num)d threads  (Ctrl+C to stop)",
                      threads, url=url))
    # an empty ident: no Server header (waitress's default is "waitress")
    waitress_serve(app, host=host, port=port, threads=threads, ident="")


def hide_gunicorn_server_header() -> None:
    """gunicorn writes ``Server: gunicorn`` (a version too, before 22) before any header the
    app sets, and has no setting to leave it out: its responses are made without that line.
    Done before the workers fork, so each of them has it."""
    from gunicorn.http.wsgi import Response

    if getattr(Response.default_headers, "hides_server", False):
        return
    default_headers = Response.default_headers

    def without_server(self) -> list[str]:
        return [line for line in default_headers(self)
                if not line.lower().startswith("server:")]  # i18n: not shown

    without_server.hides_server = True  # type: ignore[attr-defined]
    Response.default_headers = without_server  # type: ignore[method-assign]


def _serve_gunicorn(host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    hide_gunicorn_server_header()

    class Server(BaseApplication):
        """gunicorn configured here rather than from its command line; each worker builds its
        own app (and database engine) after the fork."""

        def load_config(self) -> None:
            self.cfg.set("bind", [bind_address(host, port)])
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "sync")
            self.cfg.set("timeout", WORKER_TIMEOUT_S)
            self.cfg.set("proc_name", "gapassess")
            if "control_socket_disable" in self.cfg.settings:  # gunicorn 24+: one per user
                self.cfg.set("control_socket_disable", True)

        def load(self):
            from gapassess.web import create_app

            return create_app()

    Server().run()
