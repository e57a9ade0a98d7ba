"""What every benchmark script shares: the machine line and the RESULTS.md section writer."""

from __future__ import annotations

import os
import platform
import re
import socket
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
