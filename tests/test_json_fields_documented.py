"""The JSON output and its documentation (docs/scoring.md, "JSON output") agree field by field.

The tables of that section are read into field paths (``items[].compliance``: ``[]`` marks
the entries of a list) with their documented type. Real outputs of the shipped bank are
walked so that every optional and nullable value shows up (a mixed, partly rated and
infeasible assessment; an empty one; a complete one; one whose default target fell back to
the deadline). Every documented field must appear, every field that appears must be
documented, and every value must have the documented type. The reason codes table is checked
the same way: every code given is documented with exactly the parameters it carries, and
every documented code is given by one of the outputs. Figures have the documented precision.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from gapassess.domain.answers import Answer
from gapassess.domain.engine import OrgProfile, assess
from gapassess.domain.questionnaire import get_questionnaire, load_questionnaire
from gapassess.domain.scoring_model import default_scoring_model
from gapassess.domain.transition import Certification

DOCS = Path(__file__).resolve().parent.parent / "docs" / "scoring.md"
SECTION = "## JSON output"
FIELD_HEADER = ["field", "type", "meaning"]
CODE_HEADER = ["code", "params", "used for"]
LEAVES = {"params"}  # objects whose keys depend on the reason code (the codes table)
TYPE_RE = re.compile(
    r"^(integer|number|string|boolean|date|object|array of objects|array of strings)"
    r"( or null)?$"
)
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# -- reading the docs -------------------------------------------------------------------

def _section(text: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index(SECTION) + 1
    end = next((n for n in range(start, len(lines)) if lines[n].startswith("## ")), len(lines))
    return lines[start:end]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _tables(lines: list[str]) -> list[tuple[str, list[str], list[list[str]]]]:
    """(heading above, header cells, rows) of every table in ``lines``."""
    tables: list[tuple[str, list[str], list[list[str]]]] = []
    heading = ""
    n = 0
    while n < len(lines):
        line = lines[n]
        if line.startswith("### "):
            heading = line[4:]
        if line.startswith("|") and n + 1 < len(lines) and lines[n + 1].startswith("|---"):
            header = _cells(line)
            rows = []
            n += 2
            while n < len(lines) and lines[n].startswith("|"):
                rows.append(_cells(lines[n]))
                n += 1
            tables.append((heading, header, rows))
            continue
        n += 1
    return tables


def _unquote(cell: str) -> str:
    match = re.fullmatch(r"`([^`]+)`", cell)
    assert match, f"a field or code cell holds one `name`, not {cell!r}"
    return match.group(1)


def documented_fields(text: str) -> dict[str, str]:
    """Field path -> documented type, from the field tables of the JSON section."""
    fields: dict[str, str] = {}
    for heading, header, rows in _tables(_section(text)):
        if header != FIELD_HEADER:
            continue
        prefixes = re.findall(r"`([^`]+)`", heading) or [""]
        for row in rows:
            assert len(row) == 3, f"{heading}: a row needs field, type and meaning: {row}"
            kind = row[1]
            assert TYPE_RE.match(kind), f"{heading}: unknown type {kind!r} of {row[0]}"
            for prefix in prefixes:
                path = f"{prefix}.{_unquote(row[0])}" if prefix else _unquote(row[0])
                assert path not in fields, f"{path} is documented twice"
                fields[path] = kind
    return fields


def documented_codes(text: str) -> dict[str, set[str]]:
    """Reason code -> the parameter names the codes table gives it."""
    tables = [rows for _, header, rows in _tables(_section(text)) if header == CODE_HEADER]
    assert len(tables) == 1, "the JSON section has one reason codes table"
    return {_unquote(row[0]): set(re.findall(r"`([^`]+)`", row[1])) for row in tables[0]}


# -- walking the output -----------------------------------------------------------------

def output_fields(data: object, path: str = "", found: dict | None = None) -> dict[str, list]:
    """Field path -> every value found there, for one JSON object (and everything in it)."""
    found = defaultdict(list) if found is None else found
    if isinstance(data, dict):
        for key, value in data.items():
            sub = f"{path}.{key}" if path else key
            found[sub].append(value)
            if key not in LEAVES:
                output_fields(value, sub, found)
    elif isinstance(data, list):
        for value in data:
            if isinstance(value, (dict, list)):
                output_fields(value, f"{path}[]", found)
    return found


def type_problem(kind: str, value: object) -> str:
    """Why ``value`` does not have the documented type ``kind`` ("" when it does)."""
    base, _, nullable = kind.partition(" or ")
    if value is None:
        return "" if nullable else "is null"
    checks = {
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "string": lambda v: isinstance(v, str),
        "boolean": lambda v: isinstance(v, bool),
        "date": lambda v: isinstance(v, str) and bool(DATE_RE.match(v)),
        "object": lambda v: isinstance(v, dict),
        "array of objects": lambda v: isinstance(v, list) and all(
            isinstance(x, dict) for x in v),
        "array of strings": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
    }
    return "" if checks[base](value) else f"is {value!r}, not {kind}"


def reasons_of(data: dict) -> list[dict]:
    return [r for action in data["roadmap"] for r in action["reasons"]] + list(data["notes"])


def mismatches(docs: str, outputs: list[dict]) -> list[str]:
    """Every disagreement between the docs and these outputs, as sentences."""
    fields = documented_fields(docs)
    found: dict[str, list] = defaultdict(list)
    for data in outputs:
        output_fields(data, found=found)
    problems = [f"{p}: documented but in no output" for p in sorted(set(fields) - set(found))]
    problems += [f"{p}: in the output but not documented" for p in sorted(set(found) - set(fields))]
    for path in sorted(set(fields) & set(found)):
        bad = {type_problem(fields[path], value) for value in found[path]} - {""}
        problems += [f"{path}: {problem}" for problem in sorted(bad)]
    codes = documented_codes(docs)
    given: dict[str, set[str]] = {}
    for data in outputs:
        for reason in reasons_of(data):
            given.setdefault(reason["code"], set()).update(reason["params"])
            if reason["code"] in codes and set(reason["params"]) != codes[reason["code"]]:
                problems.append(f"reason {reason['code']}: params {sorted(reason['params'])}, "
                                f"documented {sorted(codes[reason['code']])}")
    problems += [f"reason {c}: given but not documented" for c in sorted(set(given) - set(codes))]
    problems += [f"reason {c}: documented but given by no output"
                 for c in sorted(set(codes) - set(given))]
    return sorted(set(problems))


# -- the outputs ------------------------------------------------------------------------

OTHER_STANDARD = Path(__file__).parent / "fixtures" / "questionnaires" / "iso14001-demo"


@pytest.fixture(scope="module")
def outputs() -> list[dict]:
    bank = get_questionnaire("iso9001-2026", "1.0")
    model = default_scoring_model()
    start = date(2027, 1, 4)
    mixed = []
    for n, item in enumerate(bank.items):
        if item.not_applicable_allowed and n % 2:
            mixed.append(Answer(item.id, None, None, not_applicable=True,
                                justification="Outside the scope of the certificate."))
        elif n % 11 == 0:
            continue  # left unrated
        elif n % 13 == 0:
            mixed.append(Answer(item.id, n % 5, None))  # rated on one axis only
        else:
            mixed.append(Answer(item.id, n % 5, (n * 3 + 1) % 5))
    complete = [Answer(item.id, 4, 4) for item in bank.items]
    results = [
        assess(bank, mixed, model, OrgProfile("Mixed Ltd", None, 2.0, start)),  # infeasible
        assess(bank, [], model, OrgProfile("", date(2028, 6, 30), 10.0, start)),
        assess(bank, complete, model, OrgProfile("Complete plc", date(2028, 6, 30), 10.0, start)),
        assess(bank, complete, model, OrgProfile("Late", None, None, date(2029, 6, 1))),
        # the other default targets: next audit, expiry, initial certification (with outcome
        # work after the target), and a standard without transition dates
        assess(bank, complete, model, OrgProfile(
            "Next", None, None, start, Certification(next_audit=date(2027, 11, 1)))),
        assess(bank, complete, model, OrgProfile(
            "Expiry", None, None, start, Certification(certificate_expiry=date(2028, 2, 1)))),
        assess(bank, [Answer(item.id, 4, 1) for item in bank.items], model, OrgProfile(
            "New", None, None, start, Certification("not-certified"))),
        assess(load_questionnaire(OTHER_STANDARD), [], model,
               OrgProfile("Other", None, None, start)),
    ]
    return [result.to_dict() for result in results]


def test_every_documented_field_is_in_the_output_and_every_output_field_is_documented(outputs):
    problems = mismatches(DOCS.read_text(encoding="utf-8"), outputs)
    assert not problems, "docs/scoring.md and the JSON output disagree:\n" + "\n".join(problems)


def test_the_outputs_cover_the_nullable_cases(outputs):
    """The walk sees null where null is possible, so a wrong "or null" would show."""
    mixed, empty, complete, late = outputs[:4]
    assert empty["overall"]["classification"] is None
    assert any(i["partial"] for i in mixed["items"])
    assert any(i["status"] == "not-applicable" for i in mixed["items"])
    assert mixed["feasible"] is False and complete["feasible"] is True
    assert complete["notes"] == [] and late["target_date_default"] is True


def test_the_check_notices_a_missing_row_an_extra_field_and_a_wrong_type(outputs):
    docs = DOCS.read_text(encoding="utf-8")
    assert not mismatches(docs, outputs)
    row = next(line for line in docs.splitlines() if line.startswith("| `outcome_gap` |"))
    assert mismatches(docs.replace(row + "\n", ""), outputs) == [
        "items[].outcome_gap: in the output but not documented"]
    extra = [{**outputs[0], "items": [{**outputs[0]["items"][0], "colour": "red"}]}]
    assert "items[].colour: in the output but not documented" in mismatches(
        docs, extra + outputs[1:])
    wrong = docs.replace("| `feasible` | boolean |", "| `feasible` | integer |")
    assert any(p.startswith("feasible: is ") for p in mismatches(wrong, outputs))
    code_row = next(line for line in docs.splitlines() if line.startswith("| `infeasible` |"))
    assert "reason infeasible: given but not documented" in mismatches(
        docs.replace(code_row + "\n", ""), outputs)


def test_figures_have_the_documented_precision():
    """Weights four decimals, person-days two, percentages and the plan's sums one; the
    shipped bank and model give round figures, so a model with long fractions is used."""
    bank = get_questionnaire("iso9001-2026")
    shipped = default_scoring_model()
    data = shipped.model_dump()
    data["weights"]["change"] = {kind: 1.123456 for kind in data["weights"]["change"]}
    data["roadmap"]["person_days"] = {"S": 2.34567, "M": 5.34567, "L": 12.34567}
    model = type(shipped).model_validate(data)
    answers = [Answer(item.id, n % 3, n % 4) for n, item in enumerate(bank.items)]
    out = assess(bank, answers, model, OrgProfile("", date(2027, 6, 30), 3.3,
                                                  date(2027, 1, 4))).to_dict()
    weights = [item["weight"] for item in out["items"]]
    assert all(w == round(w, 4) for w in weights) and any(w != round(w, 3) for w in weights)
    days = [a["person_days"] for a in out["roadmap"]]
    assert all(d == round(d, 2) for d in days) and any(d != round(d, 1) for d in days)
    for value in [*out["overall"].values(), *out["shortfall"].values(),
                  out["total_person_days"]]:
        if isinstance(value, float):
            assert value == round(value, 1)
    assert out["feasible"] is False  # so the shortfall figures are not 0
