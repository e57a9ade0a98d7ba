"""Benchmark: score and plan many assessments of the shipped question banks (1.0 and 2.0).

Random answers (levels 0-4 on both axes, seeded) are generated before timing; each run times
``assess`` (scores, roll-ups, indices, ranked and scheduled roadmap with reasons) for 10, 100
and 1,000 assessments, best of several repeats, and separately the JSON conversion.

    .venv/bin/python bench/bench_scoring.py            # print the table
    .venv/bin/python bench/bench_scoring.py --record   # also update bench/RESULTS.md
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from datetime import date

from benchkit import FLOOR, machine, measure, record_section

from gapassess.domain.answers import Answer
from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.engine.prepared import prepare
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.domain.scoring_model import default_scoring_model

SIZES = (10, 100, 1000)
#: Bank 1.0 (75 items) for comparison with earlier runs; 2.0 (177 items) is what new
#: assessments use.
VERSIONS = ("1.0", "2.0")


def answer_sets(questionnaire, count: int, seed: int = 2026) -> list[list[Answer]]:
    rng = random.Random(seed)
    return [[Answer(item.id, rng.randint(0, 4), rng.randint(0, 4)) for item in questionnaire.items]
            for _ in range(count)]


def timed(function, repeats: int) -> tuple[float, float]:
    """Best wall-clock time and best CPU time of this process over ``repeats`` runs.

    On a shared machine the CPU time shows the cost of the code without the waiting.
    """
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return min(walls), min(cpus)


def bank_rows(questionnaire, model, profile, repeats: int) -> tuple[list[str], float, float]:
    """Table lines for one bank, and the CPU seconds of 1,000 assessments and of 10."""
    sets = answer_sets(questionnaire, max(SIZES))
    began = time.perf_counter()
    prepare(questionnaire, model)
    prepare_ms = (time.perf_counter() - began) * 1000
    actions = statistics.mean(
        len(assess(questionnaire, a, model=model, profile=profile).roadmap.actions)
        for a in sets[:50])
    rows = []
    for size in SIZES:
        chosen = sets[:size]
        def run(chosen=chosen, as_json=False):
            for answers in chosen:  # each result is used and dropped, as in real use
                result = assess(questionnaire, answers, model=model, profile=profile)
                if as_json:
                    result.to_dict()

        best, cpu = timed(run, repeats)
        with_json, _ = timed(lambda: run(as_json=True), repeats)
        rows.append((size, best, cpu, with_json))
    lines = [
        f"Bank {questionnaire.id} version {questionnaire.version}: "
        f"{len(questionnaire.items)} items, {actions:.0f} roadmap actions per assessment on "
        f"average; one-off preparation per questionnaire and model {prepare_ms:.1f} ms.",
        "",
        "| assessments | score and plan, wall (s) | CPU (s) | per assessment, CPU (ms) "
        "| with to_dict(), wall (s) |",
        "|---:|---:|---:|---:|---:|",
    ]
    for size, best, cpu, with_json in rows:
        lines.append(f"| {size:,} | {best:.3f} | {cpu:.3f} | {cpu / size * 1000:.2f} "
                     f"| {with_json:.3f} |")
    per = [cpu / size for size, _, cpu, _ in rows]
    lines += ["", f"Cost per assessment from 10 to 1,000: "
              f"{' -> '.join(f'{p * 1000:.2f} ms' for p in per)} (linear growth when these "
              "stay flat).", ""]
    return lines, rows[-1][2], per[-1] / per[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    model = default_scoring_model()
    profile = OrgProfile(start_date=date(2027, 1, 4), target_date=date(2029, 3, 30))
    floor = min(measure(FLOOR)["cpu"] for _ in range(args.repeats))
    lines = [
        f"Date: {date.today().isoformat()}. Machine: {machine()}. Random answers 0-4 on "
        f"both axes; best of {args.repeats} runs; load average at start "
        f"{os.getloadavg()[0]:.1f}. Import floor (CPU of `python -c \"import pandas, "
        f"matplotlib.figure, docx\"`, best of {args.repeats}, measured in this run): "
        f"{floor:.2f} s.",
        "",
    ]
    verdicts = []
    for version in VERSIONS:
        questionnaire = get_questionnaire("iso9001-2026", version)
        table, cpu_1000, growth = bank_rows(questionnaire, model, profile, args.repeats)
        lines += table
        met = cpu_1000 <= floor and growth < 1.5
        verdicts.append(f"bank {version}: 1,000 assessments {cpu_1000:.2f} s CPU = "
                        f"{cpu_1000 / floor:.2f}x the import floor, cost per assessment "
                        f"x{growth:.2f} from 10 to 1,000 ({'met' if met else 'NOT met'})")
    lines.append("Target: scoring 1,000 assessments within 1x the import floor, and linear: "
                 + "; ".join(verdicts) + ".")
    text = "\n".join(lines)
    print(text)
    if args.record:
        record_section("Scoring", "bench_scoring.py", text)


if __name__ == "__main__":
    main()
