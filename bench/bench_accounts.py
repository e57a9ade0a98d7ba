"""Benchmark: do the login and password-reset pages take as long for an email no account
uses as for one that exists? (A difference would tell an attacker which addresses have
accounts.)

In one process, on a fresh SQLite database with one account whose password is hashed as
in production (scrypt), the test client sends, interleaved so both meet the same machine
noise: a wrong password for the account's email and for an unknown email (POST /login),
and a reset request for each (POST /password/forgot, with the mail sent to a local SMTP
server in the background; a pause after each request lets that work end first, so only
the answer itself is timed). The figures are medians and their ratio (unknown / known):
the target is a ratio between 0.8 and 1.25 (before the fix, a login for an unknown email
answered in 28 ms against 366 ms).

    .venv/bin/python bench/bench_accounts.py            # print the figures
    .venv/bin/python bench/bench_accounts.py --record   # also update bench/RESULTS.md
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchkit import free_port, machine, record_section

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROUNDS = 40
PAUSE = 0.1  # seconds between requests
LOW, HIGH = 0.8, 1.25


def _app(folder: Path):
    from gapassess.db.migrate import upgrade
    from gapassess.mail import Mailer
    from gapassess.web import create_app

    os.environ["GAPASSESS_INSTANCE_PATH"] = str(folder / "instance")
    url = f"sqlite:///{folder / 'bench.db'}"
    app = create_app({"TESTING": True, "DATABASE_URL": url, "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False})
    upgrade(app.extensions["gapassess.engine"])
    port = free_port()
    app.config.update(MAILER=Mailer(host="127.0.0.1", port=port, tls="none",
                                    sender="bench@example.org",
                                    base_url="https://bench.example.org"))
    return app, port


def _timed(client, path: str, data: dict) -> float:
    start = time.perf_counter()
    response = client.post(path, data=data)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, response.status_code
    time.sleep(PAUSE)  # the reset's background work finishes before the next request
    return elapsed


def measure() -> dict[str, tuple[float, float]]:
    from aiosmtpd.controller import Controller

    from gapassess.db import accounts
    from gapassess.web.database import get_session

    class Sink:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            return "250 OK"

    with tempfile.TemporaryDirectory() as folder:
        app, port = _app(Path(folder))
        controller = Controller(Sink(), hostname="127.0.0.1", port=port)
        controller.start()
        try:
            with app.app_context():
                accounts.create_user(get_session(), email="known@example.org", name="Known",
                                     password="the-right-password")
                get_session().commit()
            client = app.test_client()
            cases = {
                "login, wrong password": ("/login", "email", {"password": "a-wrong-password"}),
                "password reset request": ("/password/forgot", "email", {}),
            }
            figures: dict[str, tuple[float, float]] = {}
            for label, (path, field, extra) in cases.items():
                known: list[float] = []
                unknown: list[float] = []
                _timed(client, path, {field: "warm@example.org", **extra})  # warm up
                for _ in range(ROUNDS):
                    known.append(_timed(client, path, {field: "known@example.org", **extra}))
                    unknown.append(_timed(client, path, {field: "nobody@example.org", **extra}))
                figures[label] = (statistics.median(known), statistics.median(unknown))
            time.sleep(1)  # let the background mail finish before the server stops
        finally:
            controller.stop()
        app.extensions["gapassess.engine"].dispose()
    return figures


def table(figures: dict[str, tuple[float, float]]) -> str:
    lines = ["| request | known email, median | unknown email, median | ratio | target |",
             "|---|---|---|---|---|"]
    for label, (known, unknown) in figures.items():
        ratio = unknown / known
        verdict = "met" if LOW <= ratio <= HIGH else "NOT met"
        lines.append(f"| {label} | {known * 1000:.1f} ms | {unknown * 1000:.1f} ms | "
                     f"{ratio:.2f} | {LOW}-{HIGH}: {verdict} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    figures = measure()
    text = (f"{machine()}. {ROUNDS} requests of each kind, interleaved, after one warm-up; "
            "in-process test client, SQLite, scrypt hashes.\n\n" + table(figures))
    print(text)
    if args.record:
        record_section("Accounts: timing of unknown and known emails", "bench_accounts.py",
                       text)


if __name__ == "__main__":
    main()
