"""Mutation testing of the engine and the scoring model, with mutmut.

Scope: ``gapassess/domain/engine/*.py``, ``gapassess/domain/classification.py`` and
``gapassess/domain/scoring_model.py``; the tests run against each mutant are the engine,
scoring and roadmap tests. Both are set in the ``[tool.mutmut]`` section of pyproject.toml,
which this script uses. mutmut copies the package into ``mutants/`` (git-ignored), makes one
change at a time ("mutant") and runs the tests that cover the changed function; a mutant the
tests catch is *killed*, one they miss *survived*. Under mutmut, tests/conftest.py empties the
engine's caches before each test, so every test that runs a function counts as covering it
(not only the first one, which filled the cache).

Mutants that cannot change behaviour are listed, with the reason, in
``bench/mutation_equivalent.txt``; the score is killed / (all mutants - equivalent ones).
Target: at least 95% of the non-equivalent mutants killed.

Not run by CI: a full run takes about 10 to 20 minutes on two shared cores (2,000+ mutants).

    .venv/bin/python bench/mutation.py            # run mutmut, print counts and score
    .venv/bin/python bench/mutation.py --no-run   # only read the last run's results
    .venv/bin/python bench/mutation.py --record   # also update bench/RESULTS.md
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from datetime import date
from importlib import metadata
from pathlib import Path

from benchkit import machine, record_section

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT = Path(__file__).with_name("mutation_equivalent.txt")
TARGET = 0.95
MUTMUT = Path(sys.executable).with_name("mutmut")
STATUSES = ("killed", "survived", "timeout", "suspicious", "no tests", "other")


def mutmut(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([str(MUTMUT), *args], cwd=ROOT, env=env, text=True,
                          capture_output=True, check=False)


def equivalent_mutants() -> dict[str, str]:
    """Name -> reason, from the checked-in list (comments and blank lines skipped)."""
    found = {}
    for number, line in enumerate(EQUIVALENT.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, sep, reason = line.partition(" | ")
        if not sep or not reason.strip():
            raise SystemExit(f"{EQUIVALENT.name} line {number}: write 'name | reason'")
        found[name.strip()] = reason.strip()
    return found


def results() -> dict[str, str]:
    """Every mutant's name -> status, from `mutmut results --all true`."""
    out = mutmut("results", "--all", "true")
    found = {}
    for line in out.stdout.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and "__mutmut_" in name:
            found[name] = status.strip()
    if not found:
        raise SystemExit(f"mutmut listed no mutants:\n{out.stdout}{out.stderr}")
    return found


def module_of(name: str) -> str:
    """`gapassess.domain.engine.items.x_item_scores__mutmut_3` -> `engine/items.py`."""
    module = re.sub(r"\.(x_|x\u01c1)[^.]*$", "", name.split("__mutmut_")[0])
    module = module.rsplit(".", 1)[0] if module.count(".") > 3 else module
    return module.removeprefix("gapassess.domain.").replace(".", "/") + ".py"


def status_of(status: str) -> str:
    return status if status in STATUSES else "other"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument("--no-run", action="store_true", help="use the last run's results")
    parser.add_argument("--max-children", default="2", help="parallel test processes")
    args = parser.parse_args()

    if not args.no_run:
        run = mutmut("run", "--max-children", args.max_children)
        if run.returncode:
            raise SystemExit(f"mutmut run failed:\n{run.stdout[-3000:]}{run.stderr[-3000:]}")
    statuses = results()
    equivalent = equivalent_mutants()
    unknown = sorted(set(equivalent) - set(statuses))
    if unknown:
        print(f"note: listed as equivalent but not generated: {', '.join(unknown)}")

    per_module: dict[str, Counter[str]] = defaultdict(Counter)
    for name, status in statuses.items():
        per_module[module_of(name)]["equivalent" if name in equivalent and status != "killed"
                                    else status_of(status)] += 1
    totals: Counter[str] = sum(per_module.values(), Counter())
    counted = sum(totals.values()) - totals["equivalent"]
    score = totals["killed"] / counted if counted else 0.0
    scope = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]

    columns = ("killed", "survived", "timeout", "suspicious", "no tests", "equivalent")
    lines = [
        f"Date: {date.today().isoformat()}. Machine: {machine()}. "
        f"mutmut {metadata.version('mutmut')}.",
        f"Scope: {', '.join(scope['only_mutate'])}; tests: "
        f"{', '.join(Path(t).name for t in scope['pytest_add_cli_args_test_selection'])}.",
        "",
        "| module | mutants | " + " | ".join(columns) + " |",
        "|---|---:|" + "---:|" * len(columns),
    ]
    for module in sorted(per_module):
        counts = per_module[module]
        lines.append(f"| {module} | {sum(counts.values())} | "
                     + " | ".join(str(counts[c]) for c in columns) + " |")
    lines.append(f"| **all** | {sum(totals.values())} | "
                 + " | ".join(str(totals[c]) for c in columns) + " |")
    verdict = "met" if score >= TARGET else "NOT met"
    lines += ["", f"Score: {totals['killed']} killed of {counted} non-equivalent mutants = "
              f"{score:.1%}. Target: at least {TARGET:.0%} killed: {verdict}.",
              f"Equivalent mutants (listed with reasons in bench/{EQUIVALENT.name}): "
              f"{totals['equivalent']}."]
    survivors = sorted(n for n, s in statuses.items()
                       if s != "killed" and n not in equivalent)
    text = "\n".join(lines)
    print(text)
    if survivors:
        print("\nNot killed:\n" + "\n".join(f"  {n}: {statuses[n]}" for n in survivors))
    if args.record:
        record_section("Mutation testing", "mutation.py", text)


if __name__ == "__main__":
    main()
