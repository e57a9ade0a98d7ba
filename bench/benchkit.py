"""What every benchmark script shares: the machine line, percentiles, the median run, a free
port and the RESULTS.md section writer."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import platform
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")


def machine() -> str:
    """CPU model, usable cores, Python version and system, for the results file."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cpu}, {cores} cores, Python {platform.python_version()}, {platform.system()}"


def percentile(values: list[float], share: float) -> float:
    """The value at ``share`` (0-1) of the sorted values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ms(values: list[float], share: float) -> float:
    """The percentile at ``share`` of latencies in seconds, in milliseconds."""
    return percentile(values, share) * 1000


def median_index(values: list[float]) -> int:
    """Index of the median value (the upper one for an even count): the run to show."""
    return sorted(range(len(values)), key=values.__getitem__)[len(values) // 2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def record_section(name: str, script: str, text: str) -> None:
    """Replace the ``## name`` section of RESULTS.md with ``text`` (append it when missing)."""
    section = f"## {name}\n\nRun with `.venv/bin/python bench/{script} --record`.\n\n{text}\n"
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else \
        "# Benchmark results\n\n"
    pattern = re.compile(rf"## {re.escape(name)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        updated = pattern.sub(lambda _: section + "\n", current, count=1).rstrip() + "\n"
    else:
        updated = current.rstrip() + "\n\n" + section
    RESULTS.write_text(updated, encoding="utf-8")


def wait_for(port: int, server: subprocess.Popen, log: Path) -> None:
    """Until the server answers /healthz; stop with its log if it exits or takes 60 s."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: {log.read_text(errors='replace')}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not answer /healthz within 60 s")


@contextlib.contextmanager
def running_server(env: dict, log: Path, workers: int | None):
    """`gapassess serve` on a free loopback port, its output in ``log`` (a file: a pipe
    nobody reads would fill up and stall it); yields the port once /healthz answers, and
    stops the server (killing it if it does not stop within 30 s) on the way out."""
    port = free_port()
    with log.open("wb") as output:
        server = subprocess.Popen(serve_command(port, workers), env=env, stdout=output,
                                  stderr=subprocess.STDOUT)
        try:
            wait_for(port, server, log)
            yield port
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def serve_command(port: int, workers: int | None) -> list[str]:
    """`gapassess serve` on ``port``; ``workers`` processes (None: the command's default)."""
    command = [sys.executable, "-m", "gapassess.cli", "serve", "--port", str(port)]
    return command + (["--workers", str(workers)] if workers else [])


def served_by(log: Path) -> str:
    """How the server said it runs ("2 worker processes", "8 threads"), from its log."""
    found = re.search(r"is running at \S+ with (.+?)  \(", log.read_text(errors="replace"))
    return found.group(1) if found else "unknown"


#: The import floor: what any command that draws charts and writes Word pays to start.
FLOOR = [sys.executable, "-c", "import pandas, matplotlib.figure, docx"]
WRAPPER = (
    "import json, resource, subprocess, sys, time\n"
    "began = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "elapsed = time.perf_counter() - began\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(json.dumps({'code': code, 'seconds': elapsed, 'peak_kb': usage.ru_maxrss,\n"
    "                  'cpu': usage.ru_utime + usage.ru_stime}))\n"
)


def measure(command: list[str]) -> dict:
    done = subprocess.run([sys.executable, "-c", WRAPPER, *command], capture_output=True,
                          text=True, cwd=Path(__file__).resolve().parent.parent, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    if figures["code"] != 0:
        raise SystemExit(f"command failed: {' '.join(command)}")
    return figures
