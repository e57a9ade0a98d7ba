"""Write the reference results again, on purpose: ``python -m tests.reference.regenerate``.

Each case folder holds ``answers.csv`` (an answers file, docs/scoring.md "Answers files"),
``args.txt`` (the other options of ``gapassess score``), ``expected.json`` (what
``gapassess score --json`` prints for them with the shipped scoring model) and
``summary.txt`` (what ``gapassess score`` prints without ``--json``: the terminal summary).
tests/test_reference_results.py compares the outputs with ``expected.json`` and
``summary.txt``.

By default only ``expected.json`` and ``summary.txt`` are rewritten, from the checked-in
inputs; ``--inputs``
first writes the answers files and args again from the demo profiles
(gapassess.domain.demo, with the demo organisations of gapassess.db.demo) and the four
corner profiles. Read ``git diff tests/reference`` before committing the result.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shlex
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from click.testing import CliRunner

import gapassess.cli
from gapassess.domain.answers import ANSWER_FIELDS
from gapassess.domain.questionnaire import get_questionnaire
from gapassess.domain.scoring_model import default_model_path

HERE = Path(__file__).resolve().parent
#: The bank every case is scored against, in the versions the reference results are for:
#: each case exists for bank 1.0 (folder ``<case>``) and bank 2.0 (folder ``<case>-2.0``).
QUESTIONNAIRE_ID = "iso9001-2026"
QUESTIONNAIRE_VERSION = "1.0"
VERSIONS = ("1.0", "2.0")
QUESTIONNAIRE = f"{QUESTIONNAIRE_ID}@{QUESTIONNAIRE_VERSION}"
#: Start date of every plan (a Monday), so the output does not depend on today.
START = date(2026, 11, 2)


@dataclass(frozen=True)
class Case:
    name: str
    organisation: str
    target_date: date
    capacity: float
    demo_profile: str = ""  # a profile of gapassess.domain.demo ...
    levels: tuple[int, int] | None = None  # ... or the same compliance/outcome on every item
    version: str = "1.0"  # of the bank
    not_certified: bool = False  # plan an initial certification (bank 2.0 demo cases)


def _demo_cases(version: str = "1.0") -> list[Case]:
    """The demo organisations; on bank 2.0 with their certification status (Kitebird has
    no certificate), on bank 1.0 as they were first recorded."""
    from gapassess.db.demo import DEMO_ORGS

    names = {"compliance-only": "northfield", "outcome-driven": "brightwater",
             "startup": "kitebird"}
    suffix = "" if version == "1.0" else f"-{version}"
    return [Case(names[org.profile] + suffix, org.name, org.target_audit_date, org.capacity,
                 demo_profile=org.profile, version=version,
                 not_certified=version != "1.0" and org.certification_status == "not-certified")
            for org in DEMO_ORGS]


def all_cases() -> list[Case]:
    """Every case: the demo organisations and the corners, on each bank version."""
    from dataclasses import replace

    cases = [*_demo_cases(), *CORNERS]
    for version in VERSIONS[1:]:
        cases += _demo_cases(version)
        cases += [replace(c, name=f"{c.name}-{version}", version=version) for c in CORNERS]
    return cases


CORNERS = (
    Case("corner-gap", "Corner: gap", date(2029, 3, 30), 40.0, levels=(0, 0)),
    Case("corner-informal", "Corner: informal", date(2029, 3, 30), 40.0, levels=(1, 4)),
    Case("corner-compliance-only", "Corner: compliance-only", date(2029, 3, 30), 40.0,
         levels=(4, 1)),
    Case("corner-outcome-driven", "Corner: outcome-driven", date(2029, 3, 30), 40.0,
         levels=(4, 4)),
)


def case_dirs() -> list[Path]:
    """Every case folder, by name."""
    return sorted(path.parent for path in HERE.glob("*/args.txt"))


def _answer_rows(case: Case, questionnaire) -> list[dict[str, object]]:
    if case.levels is not None:
        return [{"item_id": item.id, "compliance": case.levels[0], "outcome": case.levels[1]}
                for item in questionnaire.items]
    from gapassess.domain.demo import demo_answers

    return demo_answers(questionnaire, case.demo_profile, seed=2026)  # as the demo loads it


def answers_csv(rows: list[dict[str, object]]) -> str:
    """An answers file: one row per answer, blank for None, yes/no for not applicable."""
    columns = ["item_id", *ANSWER_FIELDS]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        values = {name: row.get(name) for name in columns}
        values["not_applicable"] = "yes" if values["not_applicable"] else ""
        writer.writerow({k: "" if v is None else v for k, v in values.items()})
    return out.getvalue()


def write_inputs(cases: list[Case]) -> None:
    for case in cases:
        questionnaire = get_questionnaire(QUESTIONNAIRE_ID, case.version)
        folder = HERE / case.name
        folder.mkdir(exist_ok=True)
        (folder / "answers.csv").write_text(answers_csv(_answer_rows(case, questionnaire)),
                                            encoding="utf-8")
        args = [("--questionnaire", f"{QUESTIONNAIRE_ID}@{case.version}"),
                ("--organisation", case.organisation),
                ("--start-date", START.isoformat()),
                ("--target-date", case.target_date.isoformat()),
                ("--capacity", f"{case.capacity:g}")]
        lines = [f"{option} {shlex.quote(value)}\n" for option, value in args]
        if case.not_certified:
            lines.append("--not-certified\n")
        (folder / "args.txt").write_text("".join(lines), encoding="utf-8")


def score_args(folder: Path, as_json: bool = True) -> list[str]:
    """The `gapassess score` command line of a case (the shipped model, named explicitly)."""
    options = shlex.split((folder / "args.txt").read_text(encoding="utf-8"))
    return ["score", "--answers", str(folder / "answers.csv"), *options,
            "--model", str(default_model_path()), *(["--json"] if as_json else [])]


def score(folder: Path, as_json: bool = True) -> str:
    """What `gapassess score --json` prints for a case (without --json: the summary)."""
    result = CliRunner().invoke(gapassess.cli.main, score_args(folder, as_json),
                                catch_exceptions=False)
    if result.exit_code != 0:
        raise SystemExit(f"{folder.name}: gapassess score failed:\n{result.output}")
    return result.stdout


def summary(folder: Path) -> str:
    """What `gapassess score` prints for a case without --json: the terminal summary."""
    return score(folder, as_json=False)


def expected_text(data: object) -> str:
    """How expected.json is written: the output's key order, indent 2, newline at the end."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", action="store_true",
                        help="also write the answers files and args from the profiles")
    args = parser.parse_args(argv)
    if args.inputs:
        write_inputs(all_cases())
    for folder in case_dirs():
        data = json.loads(score(folder))
        (folder / "expected.json").write_text(expected_text(data), encoding="utf-8")
        (folder / "summary.txt").write_text(summary(folder), encoding="utf-8")
        for name in ("expected.json", "summary.txt"):
            print(f"wrote {(folder / name).relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    main()
