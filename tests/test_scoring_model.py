"""The scoring model file: the shipped model, classification rules and validation messages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gapassess.domain.scoring_model import (
    CLASSES,
    ScoringModelError,
    default_model_path,
    default_scoring_model,
    load_scoring_model,
)
from gapassess.paths import scoring_dir


@pytest.mark.parametrize("path", sorted(scoring_dir().glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_model_is_valid(path):
    model = load_scoring_model(path)
    assert sorted(model.classification_names) == sorted(CLASSES)
    assert model.roadmap.phases and model.roadmap.milestones


def test_default_model_holds_the_documented_rules():
    model = default_scoring_model()
    assert (model.thresholds.compliance, model.thresholds.outcome) == (3, 3)
    assert model.compliance_score_threshold == 75
    assert [m.key for m in model.roadmap.milestones] == ["internal-audit", "management-review"]
    assert model.weights.change["new"] > model.weights.change["unchanged"]
    assert set(model.transition_changes) == {"new", "expanded", "structural"}


@pytest.mark.parametrize(("compliance", "outcome", "expected"), [
    (3, 3, "outcome-driven"), (4, 2, "compliance-only"), (2, 3, "informal"), (2, 2, "gap"),
    (0, 4, "informal"), (4, 4, "outcome-driven"), (None, 3, None), (3, None, None),
])
def test_classify_levels(compliance, outcome, expected):
    assert default_scoring_model().classify(compliance, outcome) == expected


def test_classify_scores_use_thresholds_on_0_to_100():
    model = default_scoring_model()
    assert model.classify(75.0, 75.0, on="score") == "outcome-driven"
    assert model.classify(74.9, 75.0, on="score") == "informal"
    assert model.classify(90.0, 74.9, on="score") == "compliance-only"


def test_item_weight_multiplies_item_change_and_tags():
    model = default_scoring_model()
    expected = 2.0 * model.weights.change["new"] * model.weights.tags["culture"]
    assert model.item_weight(2.0, "new", ["culture", "digital"]) == pytest.approx(expected)


def test_disagreement_uses_the_workshop_threshold():
    model = default_scoring_model()
    spread = model.workshop.disagreement_threshold
    assert model.is_disagreement([1, 1 + spread])
    assert not model.is_disagreement([2, 2 + spread - 1])
    assert not model.is_disagreement([])


def _write_changed(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(default_model_path().read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "model.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_every_problem_names_file_line_and_field(tmp_path):
    def break_it(data):
        data["thresholds"]["compliance"] = 7
        data["roadmap"]["person_days"]["S"] = "many"

    path = _write_changed(tmp_path, break_it)
    with pytest.raises(ScoringModelError) as caught:
        load_scoring_model(path)
    problems = caught.value.problems
    assert len(problems) == 2
    assert any("thresholds.compliance" in p and str(path) in p for p in problems)
    assert any("roadmap.person_days.S" in p for p in problems)
    lines = path.read_text().splitlines()
    threshold_line = next(i for i, line in enumerate(lines, 1) if "compliance: 7" in line)
    assert any(f"{path}:{threshold_line}:" in p for p in problems)


def test_phases_must_cover_every_kind(tmp_path):
    def drop_outcome_phase(data):
        data["roadmap"]["phases"] = [p for p in data["roadmap"]["phases"]
                                     if "outcome" not in p["kinds"]]

    with pytest.raises(ScoringModelError, match="no phase takes every outcome action"):
        load_scoring_model(_write_changed(tmp_path, drop_outcome_phase))


def test_phases_must_run_conformity_before_outcome(tmp_path):
    def reverse(data):
        data["roadmap"]["phases"].reverse()

    with pytest.raises(ScoringModelError, match="phases must run"):
        load_scoring_model(_write_changed(tmp_path, reverse))


def test_unknown_setting_and_unreadable_file(tmp_path):
    path = _write_changed(tmp_path, lambda data: data.update(colour="blue"))
    with pytest.raises(ScoringModelError, match="colour"):
        load_scoring_model(path)
    with pytest.raises(ScoringModelError, match="cannot be read"):
        load_scoring_model(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("thresholds: [unclosed", encoding="utf-8")
    with pytest.raises(ScoringModelError, match="not valid YAML"):
        load_scoring_model(bad)
