"""The engine stays readable: every function in gapassess/domain/engine is at most 50 lines
long and of cyclomatic complexity 10 or less (ruff's C901, mccabe)."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[1] / "gapassess" / "domain" / "engine"
MAX_LINES = 50
MAX_COMPLEXITY = 10


def _ruff() -> list[str]:
    beside = Path(sys.executable).with_name("ruff")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("ruff")
    if found is None:
        pytest.skip("ruff is not installed")
    return [found]


def test_no_engine_function_is_more_complex_than_the_limit():
    run = subprocess.run(
        [*_ruff(), "check", "--no-cache", "--select", "C901", "--config",
         f"lint.mccabe.max-complexity={MAX_COMPLEXITY}", "--output-format", "concise",
         str(ENGINE)],
        capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def _long_functions(source: str, name: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines = node.end_lineno - node.lineno + 1
            if lines > MAX_LINES:
                found.append(f"{name}:{node.lineno} {node.name}: {lines} lines")
    return found


def test_no_engine_function_is_longer_than_the_limit():
    files = sorted(ENGINE.glob("*.py"))
    assert files
    long = [entry for path in files
            for entry in _long_functions(path.read_text(encoding="utf-8"), path.name)]
    assert not long, "\n".join(long)


def test_the_length_check_sees_a_long_function():
    body = "\n".join(f"    x{n} = {n}" for n in range(MAX_LINES))
    assert _long_functions(f"def f():\n{body}\n", "sample.py") == [
        f"sample.py:1 f: {MAX_LINES + 1} lines"]


def test_the_complexity_check_sees_a_complex_function(tmp_path):
    branches = "\n".join(f"    if x == {n}:\n        return {n}" for n in range(MAX_COMPLEXITY))
    sample = tmp_path / "sample.py"
    sample.write_text(f"def f(x):\n{branches}\n    return -1\n", encoding="utf-8")
    run = subprocess.run(
        [*_ruff(), "check", "--no-cache", "--isolated", "--select", "C901", "--config",
         f"lint.mccabe.max-complexity={MAX_COMPLEXITY}", str(sample)],
        capture_output=True, text=True, check=False)
    assert run.returncode == 1 and "C901" in run.stdout
