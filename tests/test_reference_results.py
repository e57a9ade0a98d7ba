"""Reference results: each answers file in tests/reference/ scored by `gapassess score --json`
gives exactly its checked-in expected.json (the whole object, every field), and
`gapassess score` without --json prints exactly its checked-in summary.txt (every line).

Seven cases: the three demo organisations (northfield, brightwater, kitebird) and the four
corner profiles (corner-gap 0/0, corner-informal 1/4, corner-compliance-only 4/1,
corner-outcome-driven 4/4); see docs/scoring.md, "Reference results".

When a change of the results is intended, regenerate the expected files and review the
difference before committing it:

    python -m tests.reference.regenerate            # expected.json and summary.txt from the
                                                    # checked-in inputs
    python -m tests.reference.regenerate --inputs   # also the answers files, from the profiles
"""

from __future__ import annotations

import json

import pytest

from gapassess.domain.questionnaire import get_questionnaire
from tests.reference.regenerate import (
    QUESTIONNAIRE_ID,
    QUESTIONNAIRE_VERSION,
    VERSIONS,
    case_dirs,
    expected_text,
    score,
    summary,
)

CASES = case_dirs()
SHOWN = 15  # differing paths listed when a case fails


def differences(expected: object, actual: object, path: str = "") -> list[str]:
    """Where two JSON values differ, as "path: expected ... got ..." lines, in order."""
    here = path or "(top level)"
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        if list(expected) != list(actual) and set(expected) == set(actual):
            found.append(f"{here}: keys in another order: {list(actual)}")
        for key in expected:
            sub = f"{path}.{key}" if path else key
            if key not in actual:
                found.append(f"{sub}: missing")
            else:
                found += differences(expected[key], actual[key], sub)
        found += [f"{path}.{key}: not expected" if path else f"{key}: not expected"
                  for key in actual if key not in expected]
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        found = []
        for n, (want, got) in enumerate(zip(expected, actual, strict=False)):
            found += differences(want, got, f"{path}[{n}]")
        if len(expected) != len(actual):
            found.append(f"{here}: {len(expected)} entries expected, {len(actual)} given")
        return found
    if expected != actual or type(expected) is not type(actual):
        return [f"{here}: expected {expected!r}, got {actual!r}"]
    return []


NAMES = ["brightwater", "corner-compliance-only", "corner-gap", "corner-informal",
         "corner-outcome-driven", "kitebird", "northfield"]


def test_there_are_seven_cases_on_each_bank_version():
    assert sorted(folder.name for folder in CASES) == sorted(
        [*NAMES, *(f"{name}-2.0" for name in NAMES)])


@pytest.mark.parametrize("version", VERSIONS)
def test_the_pinned_questionnaires_are_installed(version):
    assert get_questionnaire(QUESTIONNAIRE_ID, version).version == version
    suffix = "" if version == QUESTIONNAIRE_VERSION else f"-{version}"
    for name in NAMES:
        args = (CASES[0].parent / f"{name}{suffix}" / "args.txt").read_text()
        assert f"--questionnaire {QUESTIONNAIRE_ID}@{version}\n" in args


def test_the_demo_organisation_without_a_certificate_plans_an_initial_certification():
    assert "--not-certified" in (CASES[0].parent / "kitebird-2.0" / "args.txt").read_text()
    data = json.loads((CASES[0].parent / "kitebird-2.0" / "expected.json").read_text())
    assert data["certification"]["status"] == "not-certified"
    assert data["overall"]["transition_readiness"] is None


@pytest.mark.parametrize("folder", CASES, ids=[folder.name for folder in CASES])
def test_output_equals_the_reference(folder):
    text = (folder / "expected.json").read_text(encoding="utf-8")
    expected = json.loads(text)
    assert text == expected_text(expected), "expected.json is not in the regenerated layout"
    actual = json.loads(score(folder))
    found = differences(expected, actual)
    assert not found, (
        f"{folder.name}: the output differs from expected.json in {len(found)} place(s); "
        "if intended, run `python -m tests.reference.regenerate` and review the diff:\n"
        + "\n".join(found[:SHOWN]) + ("\n..." if len(found) > SHOWN else ""))
    assert actual == expected


@pytest.mark.parametrize("folder", CASES, ids=[folder.name for folder in CASES])
def test_summary_equals_the_reference(folder):
    expected = (folder / "summary.txt").read_text(encoding="utf-8").splitlines()
    actual = summary(folder).splitlines()
    changed = [f"line {n}: expected {want!r}\n{'':>{len(str(n)) + 6}}got      {got!r}"
               for n, (want, got) in enumerate(zip(expected, actual, strict=False), 1)
               if want != got]
    assert not changed, (
        f"{folder.name}: the summary differs from summary.txt on {len(changed)} line(s); "
        "if intended, run `python -m tests.reference.regenerate` and review the diff:\n"
        + "\n".join(changed[:SHOWN]) + ("\n..." if len(changed) > SHOWN else ""))
    assert actual == expected


def test_the_summaries_show_every_kind_of_plan_ending():
    """The cases between them print a feasible and an infeasible plan, a plan with notes and
    one without conformity actions, so the summary's branches are all pinned."""
    texts = {folder.name: (folder / "summary.txt").read_text(encoding="utf-8")
             for folder in CASES}
    assert "Feasible: NO." in texts["kitebird"] and "Note: " in texts["kitebird"]
    assert "Feasible: yes. Conformity work" in texts["brightwater"]
    assert "[conformity" not in texts["corner-outcome-driven"]
    assert " n/a " in texts["kitebird"]


def test_differences_name_the_paths():
    assert differences({"a": [1, {"b": 2}]}, {"a": [1, {"b": 3}], "c": 0}) == [
        "a[1].b: expected 2, got 3", "c: not expected"]
    assert differences([1, 2], [1]) == ["(top level): 2 entries expected, 1 given"]
    assert differences({"x": 1.0}, {"x": 1}) == ["x: expected 1.0, got 1"]
