"""A broken scoring model file: every problem is reported as "file:line: field 'path': what",
with the line of the value at fault, or of its deepest parent that the file has.

The expected lines are looked up in the written file by their text, so the tests hold for any
layout of the shipped model.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gapassess.domain.scoring_model import (
    ScoringModelError,
    default_model_path,
    load_scoring_model,
)

HEADER = "# a changed copy of the shipped model\n\n"  # the settings start on line 3


def _write(tmp_path: Path, change) -> tuple[Path, list[str]]:
    data = yaml.safe_load(default_model_path().read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "model.yaml"
    path.write_text(HEADER + yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path, path.read_text(encoding="utf-8").splitlines()


def _line(lines: list[str], text: str, after: str = "") -> int:
    """1-based number of the first line that is ``text`` (stripped), below ``after``."""
    start = next(n for n, line in enumerate(lines) if line.strip() == after) if after else 0
    return next(n for n, line in enumerate(lines[start:], start + 1) if line.strip() == text)


def _problems(path: Path) -> list[str]:
    with pytest.raises(ScoringModelError) as caught:
        load_scoring_model(path)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return caught.value.problems


def test_each_problem_names_the_line_of_its_value(tmp_path):
    def break_it(data):
        data["thresholds"]["compliance"] = 7
        del data["thresholds"]["outcome"]
        data["weights"]["change"]["new"] = -1
        data["roadmap"]["phases"][1]["kinds"] = ["conformity", "bogus"]
        data["roadmap"]["milestones"][0]["person_days"] = "lots"

    path, lines = _write(tmp_path, break_it)
    threshold = _line(lines, "compliance: 7", after="thresholds:")
    assert _problems(path) == [
        f"{path}:{threshold}: field 'thresholds.compliance': "
        "Input should be less than or equal to 4",
        # missing: the line of its parent, the thresholds mapping (which starts at its first key)
        f"{path}:{threshold}: field 'thresholds.outcome': Field required",
        f"{path}:{_line(lines, 'change:', after='weights:')}: field 'weights': "
        "Value error, weight for 'new' must be above 0 and at most 10",
        f"{path}:{_line(lines, '- bogus')}: field 'roadmap.phases.1.kinds.1': "
        "Input should be 'conformity', 'outcome' or 'milestone'",
        f"{path}:{_line(lines, 'person_days: lots')}: field 'roadmap.milestones.0.person_days': "
        "Input should be a valid number, unable to parse string as a number",
    ]


def test_a_problem_below_a_plain_value_names_the_value_line(tmp_path):
    def break_it(data):
        data["scales"]["compliance"]["nine"] = data["scales"]["compliance"].pop(4)

    path, lines = _write(tmp_path, break_it)
    label = lines[_line(lines, "compliance:", after="scales:") + 4]  # the fifth label: nine
    assert label.strip().startswith("nine:")
    where = f"{path}:{lines.index(label) + 1}"
    assert _problems(path) == [
        f"{where}: field 'scales.compliance.nine.[key]': "
        "Input should be a valid integer, unable to parse string as an integer"]


def test_a_problem_of_the_whole_model_names_its_first_line(tmp_path):
    path, _lines = _write(tmp_path, lambda data: data["classification_names"].pop("gap"))
    assert _problems(path) == [
        f"{path}:3: field '(top level)': Value error, classification_names must name exactly: "
        "gap, informal, compliance-only, outcome-driven"]


def test_a_problem_of_a_section_names_the_section_line(tmp_path):
    path, lines = _write(tmp_path, lambda data: data["roadmap"]["phases"].reverse())
    first = _line(lines, "roadmap:") + 1
    (problem,) = _problems(path)
    assert problem.startswith(f"{path}:{first}: field 'roadmap': Value error, phase ")
    assert problem.endswith("phases must run conformity, then milestones, then outcome actions")


@pytest.mark.parametrize("text", ["", "# nothing\n", "- a list\n", "just text\n"])
def test_a_file_without_a_mapping_is_refused_as_a_whole(tmp_path, text):
    path = tmp_path / "model.yaml"
    path.write_text(text, encoding="utf-8")
    assert _problems(path) == [f"{path}: expected a mapping of settings at the top level"]


def test_unreadable_and_invalid_files_name_the_file(tmp_path):
    missing = tmp_path / "missing.yaml"
    (problem,) = _problems(missing)
    assert problem.startswith(f"{missing}: cannot be read (") and problem.endswith(")")
    assert "No such file" in problem  # the reason the system gave
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"id: \xff\xfe\n")
    (problem,) = _problems(binary)
    assert problem.startswith(f"{binary}: cannot be read (")
    broken = tmp_path / "broken.yaml"
    broken.write_text("thresholds: [unclosed\n", encoding="utf-8")
    (problem,) = _problems(broken)
    assert problem.startswith(f"{broken}: not valid YAML: ")
    assert "line 1" in problem.split("not valid YAML: ")[1]  # the parser's own account
    tabs = tmp_path / "tabs.yaml"
    tabs.write_text("id: x\n\tversion: 1\n", encoding="utf-8")
    (problem,) = _problems(tabs)
    assert problem.startswith(f"{tabs}: not valid YAML: ")
