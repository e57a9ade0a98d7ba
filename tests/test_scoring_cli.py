"""`gapassess score` and `gapassess template` through the real command group."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import gapassess.cli
from gapassess.domain.questionnaire import get_questionnaire

START = ["--start-date", "2027-01-04"]


@pytest.fixture(scope="module")
def bank():
    return get_questionnaire()


@pytest.fixture
def answers_csv(tmp_path, bank):
    lines = ["item_id,compliance,outcome,not_applicable,justification,evidence,notes"]
    for n, item in enumerate(bank.items):
        lines.append(f"{item.id},{n % 5},{(n * 3 + 1) % 5},,,,")
    path = tmp_path / "answers.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _invoke(*args):
    return CliRunner().invoke(gapassess.cli.main, list(args), catch_exceptions=False)


def test_summary(answers_csv):
    result = _invoke("score", "--answers", str(answers_csv), *START)
    assert result.exit_code == 0, result.output
    for text in ("Overall:", "Conformity readiness", "Transition readiness", "Outcome maturity",
                 "Compliance-only share", "Completion", "4 Context of the organization",
                 "Top actions", "Feasible:", "Phase 1: Close 2026 conformity gaps",
                 "target audit 2029-03-30 (default)"):
        assert text in result.output


def test_json_is_stable_and_documented(answers_csv, bank):
    args = ["score", "--answers", str(answers_csv), "--json", *START,
            "--target-date", "2028-06-30", "--capacity", "12"]
    first = _invoke(*args)
    assert first.exit_code == 0, first.output
    data = json.loads(first.output)
    assert first.output == _invoke(*args).output
    assert {"overall", "clauses", "items", "roadmap", "feasible", "shortfall", "target_date",
            "start_date"} <= set(data)
    assert {"classification", "conformity_readiness", "transition_readiness",
            "outcome_maturity", "compliance_only_share", "completion", "compliance_score",
            "outcome_score"} <= set(data["overall"])
    assert {"clause", "level", "compliance_score", "outcome_score", "classification",
            "counts"} <= set(data["clauses"][0])
    assert {"item_id", "compliance", "outcome", "status", "classification"} <= set(
        data["items"][0])
    assert {"id", "item_id", "kind", "title", "phase", "start", "due", "priority", "reasons",
            "depends_on", "effort"} <= set(data["roadmap"][0])
    assert set(data["shortfall"]) == {"person_days", "months"}
    assert (data["target_date"], data["start_date"], data["capacity"]) == (
        "2028-06-30", "2027-01-04", 12.0)
    assert len(data["items"]) == len(bank.items)
    assert {a["kind"] for a in data["roadmap"]} == {"conformity", "outcome", "milestone"}


def test_tiny_capacity_is_reported_as_infeasible(answers_csv):
    result = _invoke("score", "--answers", str(answers_csv), *START, "--capacity", "0.5")
    assert result.exit_code == 0
    assert "Feasible: NO." in result.output
    data = json.loads(_invoke("score", "--answers", str(answers_csv), *START, "--capacity",
                              "0.5", "--json").output)
    assert data["feasible"] is False and data["shortfall"]["person_days"] > 0


def test_bad_answers_file_exits_2_with_every_row(tmp_path, bank):
    path = tmp_path / "bad.csv"
    path.write_text(f"item_id,compliance,outcome\nno-such-item,1,1\n{bank.items[0].id},9,1\n",
                    encoding="utf-8")
    result = CliRunner().invoke(gapassess.cli.main, ["score", "--answers", str(path)])
    assert result.exit_code == 2
    assert "bad.csv: row 2, column 'item_id'" in result.output
    assert "bad.csv: row 3, column 'compliance'" in result.output
    assert "2 problems" in result.output
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit


def test_a_file_with_many_problems_lists_fifty_then_counts_them_all(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("item_id,compliance,outcome\n"
                    + "".join(f"no-such-item-{n},1,1\n" for n in range(80)), encoding="utf-8")
    result = CliRunner().invoke(gapassess.cli.main, ["score", "--answers", str(path)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert sum(line.startswith("bad.csv: row ") for line in lines) == 50
    assert "and 30 more problems" in lines
    assert lines[-1] == f"80 problems in {path}: nothing scored"


@pytest.mark.parametrize("name", ["answers.ods", "missing.csv"])
def test_unusable_files_exit_2(tmp_path, name):
    result = CliRunner().invoke(gapassess.cli.main, ["score", "--answers",
                                                     str(tmp_path / name)])
    assert result.exit_code == 2
    assert name in result.output and "Traceback" not in result.output


def test_bad_model_and_unknown_questionnaire_exit_2(tmp_path, answers_csv):
    model = tmp_path / "model.yaml"
    model.write_text("id: x\nthresholds: {compliance: 9, outcome: 3}\n", encoding="utf-8")
    result = CliRunner().invoke(gapassess.cli.main, ["score", "--answers", str(answers_csv),
                                                     "--model", str(model)])
    assert result.exit_code == 2
    assert "model.yaml:2: field 'thresholds.compliance'" in result.output
    result = CliRunner().invoke(gapassess.cli.main, ["score", "--answers", str(answers_csv),
                                                     "--questionnaire", "nope"])
    assert result.exit_code == 2 and "unknown questionnaire 'nope'" in result.output


def test_installation_model_setting_is_used_and_a_broken_one_stops(
    tmp_path, answers_csv, monkeypatch
):
    """Without --model, GAPASSESS_SCORING_MODEL is the model; broken, it is an error naming
    file, line and field, not a silent fall back to the shipped model."""
    import yaml

    from gapassess.domain.scoring_model import default_model_path

    data = yaml.safe_load(default_model_path().read_text(encoding="utf-8"))
    data["id"] = "our-site-model"
    mine = tmp_path / "mine.yaml"
    mine.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("GAPASSESS_SCORING_MODEL", str(mine))
    result = _invoke("score", "--answers", str(answers_csv), "--json", *START)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["model"]["id"] == "our-site-model"
    mine.write_text("id: x\nthresholds: {compliance: 9, outcome: 3}\n", encoding="utf-8")
    result = CliRunner().invoke(gapassess.cli.main, ["score", "--answers", str(answers_csv)])
    assert result.exit_code == 2
    assert f"{mine}:2: field 'thresholds.compliance'" in result.output
    assert "error: the scoring model cannot be used" in result.output
    assert "Traceback" not in result.output


def test_template_then_score(tmp_path, bank):
    path = tmp_path / "answers.xlsx"
    result = _invoke("template", "--output", str(path))
    assert result.exit_code == 0 and path.exists()
    assert f"({len(bank.items)} items)" in result.output
    scored = _invoke("score", "--answers", str(path), "--json", *START)
    data = json.loads(scored.output)
    assert data["overall"]["completion"] == 0
    assert data["overall"]["classification"] is None
    bad = CliRunner().invoke(gapassess.cli.main, ["template", "--output",
                                                  str(tmp_path / "answers.csv")])
    assert bad.exit_code == 2 and ".xlsx" in bad.output


def test_certification_options_plan_an_initial_certification_or_the_next_audit(answers_csv):
    initial = json.loads(_invoke("score", "--answers", str(answers_csv), "--json",
                                 "--start-date", "2027-01-04", "--not-certified").output)
    assert initial["certification"]["status"] == "not-certified"
    assert initial["target_date"] == "2028-01-04"
    assert initial["overall"]["transition_readiness"] is None
    assert {p["key"] for p in initial["phases"]} <= {"foundations", "build-and-evidence",
                                                       "outcome-maturity"}
    audit = json.loads(_invoke("score", "--answers", str(answers_csv), "--json",
                               "--start-date", "2027-01-04", "--next-audit", "2027-09-06",
                               "--certificate-expiry", "2028-03-01").output)
    assert audit["certification"] == {"status": "certified", "certificate_expiry": "2028-03-01",
                                      "next_audit": "2027-09-06"}
    assert audit["target_date"] == "2027-09-06"
    plain = json.loads(_invoke("score", "--answers", str(answers_csv), "--json",
                               "--start-date", "2027-01-04").output)
    assert plain["certification"]["status"] == "certified" and plain["target_date"] == \
        "2029-03-30"
