"""Benchmark: a full room votes on every item of the question bank at once.

Starts ``gapassess serve`` (a subprocess, fresh instance folder, SQLite) on loopback, opens a
self-paced workshop over every item of the shipped bank, and lets N simulated participants
(default 50) join through the real join form and vote on every item concurrently, with
CSRF tokens, as phones do. Some submissions are sent twice (a retry after a lost answer)
and some votes are changed afterwards.

Phases, all in one run against one server: the trivial /healthz endpoint alone from N
clients; the vote pass (votes only); /healthz alone again (the two /healthz phases are
pooled, so a machine that speeds up or slows down during the run does not favour either
side); then each participant changes some more votes, alternating each with a /healthz
call, so both are also measured under the same load. The verdict compares the vote pass
with /healthz alone (separate phases, the stricter reading); the interleaved ratio is
reported beside it. The whole run is repeated (--runs, default 5, each on a fresh server)
and the verdict takes the median run's ratio; every run must be correct.

Checks: no lost or doubled vote (rows in the database == participants x items, each with
the value its participant sent last), every retry recognised, no server error. Bounded:
at most --participants participants, one pass over the bank, and --deadline seconds.

    .venv/bin/python bench/bench_workshop.py             # print the figures
    .venv/bin/python bench/bench_workshop.py --record    # also update bench/RESULTS.md
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from http.cookies import SimpleCookie
from pathlib import Path

from benchkit import (
    machine,
    median_index,
    ms,
    record_section,
    running_server,
    served_by,
)

HOST = "127.0.0.1"
RETRY_SHARE = 0.1
CHANGE_SHARE = 0.1
MIXED_CHANGES = 15  # votes changed per participant in the interleaved phase


def setup(instance: Path) -> tuple[str, int]:
    """Initialise the instance database and open a workshop on every item; (code, items)."""
    env = {**os.environ, "GAPASSESS_INSTANCE_PATH": str(instance)}
    env.pop("GAPASSESS_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "gapassess.cli", "init"], env=env, check=True,
                   capture_output=True)
    from gapassess.db import accounts, responses, workshops
    from gapassess.db.connection import make_engine, make_session_factory
    from gapassess.db.models import Organisation
    from gapassess.domain.questionnaire import get_questionnaire

    bank = get_questionnaire()
    engine = make_engine(f"sqlite:///{instance / 'gapassess.db'}")
    with make_session_factory(engine)() as session:
        org = Organisation(name="Bench Ltd")
        session.add(org)
        session.flush()
        user = accounts.create_user(session, email="bench@example.com", name="Bench",
                                    password="bench-password", hash_method="pbkdf2:sha256:1000")
        assessment = responses.create_assessment(
            session, organisation_id=org.id, questionnaire_id=bank.id,
            questionnaire_version=bank.version, title="Bench")
        workshop = workshops.open_workshop(session, assessment, [i.id for i in bank.items],
                                           user=user, pacing="self")
        session.commit()
        code, items = workshop.code, list(workshop.item_ids)
    engine.dispose()
    return code, items


class Phone:
    """One participant: a keep-alive connection with its own cookies."""

    def __init__(self, port: int, code: str):
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.code = code
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        self.errors: list[str] = []

    def request(self, method: str, path: str, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.status >= 500:
            self.errors.append(f"{method} {path}: {response.status}")
        return response.status, data, elapsed

    def join(self, name: str) -> None:
        base = f"/w/{self.code}/"
        _, page, _ = self.request("GET", base)
        field = re.search(rb'<input[^>]*name="csrf_token"[^>]*>', page).group(0)
        token = re.search(rb'value="([^"]+)"', field).group(1).decode()
        form = f"csrf_token={token}&name={name.replace(' ', '+')}"
        status, _, _ = self.request("POST", base + "join", form,
                                    {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302, f"join answered {status}"
        _, page, _ = self.request("GET", base)
        self.csrf = re.search(rb'name="csrf-token" content="([^"]+)"', page).group(1).decode()

    def vote(self, item: str, compliance: int, outcome: int, submission: str):
        body = json.dumps({"item_id": item, "compliance": compliance, "outcome": outcome,
                           "submission_id": submission})
        return self.request("POST", f"/w/{self.code}/vote", body, {
            "Content-Type": "application/json", "X-CSRFToken": self.csrf})


def join_room(n: int, port: int, code: str) -> Phone:
    phone = Phone(port, code)
    phone.join(f"Participant {n}")
    return phone


def participant(n: int, phone: Phone, items: list[str], deadline: float) -> dict:
    rnd = random.Random(n)
    votes, final = [], {}
    retries = applied_retries = 0
    plan = list(items)
    rnd.shuffle(plan)
    changes = rnd.sample(plan, int(len(plan) * CHANGE_SHARE))
    for step, item in enumerate(plan + changes):
        if time.monotonic() > deadline:
            break
        value = (rnd.randint(0, 4), rnd.randint(0, 4))
        submission = f"{n}-{step}-{rnd.getrandbits(32):08x}"
        status, data, elapsed = phone.vote(item, *value, submission)
        votes.append(elapsed)
        if status == 200:
            final[item] = value
        else:
            phone.errors.append(f"vote {item}: {status} {data[:80]!r}")
        if rnd.random() < RETRY_SHARE:  # the phone never saw the answer and sends it again
            retries += 1
            status, data, elapsed = phone.vote(item, *value, submission)
            votes.append(elapsed)
            applied_retries += status == 200 and json.loads(data)["applied"]
    return {"votes": votes, "final": final, "name": f"Participant {n}", "phone": phone,
            "retries": retries, "applied_retries": applied_retries, "errors": phone.errors,
            "n": n, "mixed_votes": [], "health": []}


def interleaved(outcome: dict, items: list[str], deadline: float) -> None:
    """Change MIXED_CHANGES more votes, each followed by a /healthz call (same load)."""
    rnd = random.Random(10_000 + outcome["n"])
    phone = outcome["phone"]
    for step, item in enumerate(rnd.sample(items, min(MIXED_CHANGES, len(items)))):
        if time.monotonic() > deadline:
            break
        value = (rnd.randint(0, 4), rnd.randint(0, 4))
        status, data, elapsed = phone.vote(item, *value, f"{outcome['n']}-mixed-{step}")
        outcome["mixed_votes"].append(elapsed)
        if status == 200:
            outcome["final"][item] = value
        else:
            phone.errors.append(f"vote {item}: {status} {data[:80]!r}")
        status, _, elapsed = phone.request("GET", "/healthz")
        outcome["health"].append(elapsed)
    phone.conn.close()


def health_alone(phones: list[Phone], rounds: int = 40) -> list[float]:
    """/healthz from every participant's phone at once, with nothing else running: the
    trivial endpoint called by the same clients, on the same connections and with the same
    cookies as their votes (the web benchmark's method)."""

    def client(phone: Phone) -> list[float]:
        times = []
        for _ in range(rounds):
            status, _, elapsed = phone.request("GET", "/healthz")
            times.append(elapsed)
            if status != 200:
                phone.errors.append(f"healthz: {status}")
        return times

    with ThreadPoolExecutor(max_workers=len(phones)) as pool:
        return [t for times in pool.map(client, phones) for t in times]


def check_database(instance: Path, outcomes: list[dict], items: list[str]) -> dict:
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{instance / 'gapassess.db'}")
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT p.name, v.item_id, v.compliance, v.outcome FROM vote v "
            "JOIN participant p ON p.id = v.participant_id")).all()
        submissions = conn.execute(text("SELECT count(*) FROM vote_submission")).scalar()
    engine.dispose()
    stored = {(name, item): (c, o) for name, item, c, o in rows}
    expected = {(o["name"], item): v for o in outcomes for item, v in o["final"].items()}
    return {
        "rows": len(rows),
        "distinct": len(stored),
        "expected": len(outcomes) * len(items),
        "wrong_value": sum(1 for key, v in expected.items() if stored.get(key) != v),
        "missing": len(set(expected) - set(stored)),
        "submissions": submissions,
    }


def run(participants: int, deadline_s: float, workers: int | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="gapassess-bench-") as folder:
        instance = Path(folder)
        code, items = setup(instance)
        env = {**os.environ, "GAPASSESS_INSTANCE_PATH": str(instance)}
        env.pop("GAPASSESS_DATABASE_URL", None)
        log_path = instance / "serve.log"
        with running_server(env, log_path, workers) as port:
            # Everyone joins first, as a room does before the first item comes up.
            with ThreadPoolExecutor(max_workers=participants) as pool:
                phones = list(pool.map(lambda n: join_room(n, port, code),
                                       range(participants)))
            health_only = health_alone(phones)
            deadline = time.monotonic() + deadline_s
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=participants) as pool:
                outcomes = list(pool.map(
                    lambda n: participant(n, phones[n], items, deadline),
                    range(participants)))
            wall = time.perf_counter() - started
            health_only += health_alone(phones)
            with ThreadPoolExecutor(max_workers=participants) as pool:
                list(pool.map(lambda o: interleaved(o, items, deadline), outcomes))
        stderr = log_path.read_text(encoding="utf-8", errors="replace")
        server_kind = served_by(log_path)
        if os.environ.get("BENCH_DEBUG"):
            lines = [line for line in stderr.splitlines() if "queue depth" not in line]
            print("\n".join(lines[-80:]), file=sys.stderr)
        db = check_database(instance, outcomes, items)
    votes = [t for o in outcomes for t in o["votes"]]
    mixed = [t for o in outcomes for t in o["mixed_votes"]]
    health = [t for o in outcomes for t in o["health"]]
    return {
        "participants": participants, "items": len(items), "server": server_kind,
        "requests": len(votes), "wall": wall, "db": db,
        "retries": sum(o["retries"] for o in outcomes),
        "applied_retries": sum(o["applied_retries"] for o in outcomes),
        "errors": [e for o in outcomes for e in o["errors"]],
        "tracebacks": stderr.count("Traceback"),
        "vote_p50": ms(votes, 0.5), "vote_p95": ms(votes, 0.95),
        "health_alone_p50": ms(health_only, 0.5), "health_alone_p95": ms(health_only, 0.95),
        "mixed_requests": len(mixed), "mixed_p50": ms(mixed, 0.5), "mixed_p95": ms(mixed, 0.95),
        "health_p50": ms(health, 0.5), "health_p95": ms(health, 0.95),
    }


def strict_ratio(r: dict) -> float:
    return r["vote_p95"] / r["health_alone_p95"] if r["health_alone_p95"] else float("inf")


def correct(r: dict) -> bool:
    db = r["db"]
    return (db["rows"] == db["distinct"] == db["expected"] and not db["wrong_value"]
            and not db["missing"] and not r["errors"] and not r["tracebacks"]
            and not r["applied_retries"])


def report(results: list[dict]) -> str:
    """The figures of the median run (by the separate-phase ratio), every run's ratios, and
    the verdict: the median ratio within the target and every run correct."""
    ratios = [strict_ratio(r) for r in results]
    r = results[median_index(ratios)]
    db = r["db"]
    strict = strict_ratio(r)
    ratio = r["mixed_p95"] / r["health_p95"] if r["health_p95"] else float("inf")
    ok = all(correct(run) for run in results)
    mixed = [run["mixed_p95"] / run["health_p95"] for run in results]
    return "\n".join([
        f"- Load: {r['participants']} participants x {r['items']} items (self-paced), "
        f"{r['requests']} vote requests incl. {r['retries']} retried submissions and "
        f"{int(CHANGE_SHARE * 100)}% changed votes; `gapassess serve` with {r['server']}; "
        f"wall time {r['wall']:.1f} s ({r['requests'] / r['wall']:.0f} votes/s); then "
        f"{r['mixed_requests']} more changed votes, each followed by a /healthz call",
        f"- Votes in the database: {db['rows']} (expected {db['expected']}); "
        f"wrong final value: {db['wrong_value']}; missing: {db['missing']}; "
        f"retries applied twice: {r['applied_retries']}; server errors: "
        f"{len(r['errors'])}; tracebacks: {r['tracebacks']}",
        f"- Separate phases (the verdict, median run): vote pass p50 {r['vote_p50']:.1f} ms, p95 "
        f"{r['vote_p95']:.1f} ms; /healthz alone from the same {r['participants']} phones, "
        f"before and after the vote pass, p50 {r['health_alone_p50']:.1f} ms, p95 "
        f"{r['health_alone_p95']:.1f} ms; vote p95 / healthz p95 = {strict:.2f} (target <= 3)",
        f"- Interleaved (both under the same load): vote p50 {r['mixed_p50']:.1f} ms, p95 "
        f"{r['mixed_p95']:.1f} ms; /healthz p50 {r['health_p50']:.1f} ms, p95 "
        f"{r['health_p95']:.1f} ms; vote p95 / healthz p95 = {ratio:.2f} (target <= 3)",
        f"- Runs: {len(results)}, each on a fresh instance and server, all checked for lost, "
        f"doubled and wrong votes; separate-phase ratio per run "
        f"{', '.join(f'{x:.2f}' for x in ratios)}; interleaved "
        f"{', '.join(f'{x:.2f}' for x in mixed)}; the figures above are the median run's",
        f"- Verdict: {'PASS' if ok and strict <= 3 else 'FAIL'} (correctness "
        f"{'PASS' if ok else 'FAIL'}; separate phases {'PASS' if strict <= 3 else 'FAIL'}; "
        f"interleaved {'PASS' if ratio <= 3 else 'FAIL'})",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--deadline", type=float, default=300.0, help="seconds, at most")
    parser.add_argument("--workers", type=int, help="server worker processes (default: serve's)")
    parser.add_argument("--runs", type=int, default=5,
                        help="whole runs, each on a fresh server; the verdict takes the median")
    parser.add_argument("--record", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    participants = max(1, min(args.participants, 200))
    results = [run(participants, min(args.deadline, 900.0), args.workers)
               for _ in range(max(1, args.runs))]
    text = report(results)
    print(text)
    if args.record:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        record_section("Workshop", "bench_workshop.py",
                       f"Run {date.today().isoformat()} on {machine()} "
                       f"(load average {load} at the end: the clients, the server and other "
                       f"work share the cores, so latencies are mostly queueing); "
                       f"loopback, SQLite.\n\n{text}")


if __name__ == "__main__":
    main()
