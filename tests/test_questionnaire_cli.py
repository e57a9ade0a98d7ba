"""`gapassess questionnaire validate|show`: exit codes, messages and the --json shape."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from gapassess.cli import main
from gapassess.domain.questionnaire import Item, get_questionnaire

FIXTURES = Path(__file__).parent / "fixtures" / "questionnaires"
MALFORMED = FIXTURES / "malformed"


@pytest.fixture
def cli(monkeypatch):
    monkeypatch.delenv("GAPASSESS_QUESTIONNAIRES_PATH", raising=False)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, ["questionnaire", *args])

    return invoke


def test_validate_shipped_files(cli):
    result = cli("validate")
    assert result.exit_code == 0, result.output
    assert "OK" in result.output


def test_validate_named_files(cli):
    result = cli("validate", str(FIXTURES / "valid.yaml"), str(FIXTURES / "valid_folder"))
    assert result.exit_code == 0, result.output


def test_validate_reports_every_problem_and_fails(cli):
    bad = MALFORMED / "unknown_field.yaml"
    result = cli("validate", str(bad), str(MALFORMED / "mappings" / "unknown_target.yaml"))
    assert result.exit_code == 1
    assert f"{bad}:34: item '4.1-alpha', field 'outcome_acton': unknown field" in result.output
    assert "'10.3' is not a clause of ISO 9001:2026" in result.output
    assert "3 problems in 2 files" in result.output


@pytest.mark.parametrize(
    "name", ["yaml_syntax.yaml", "bad_utf8.yaml", "top_level_list.yaml", "empty_file.yaml",
             "folder_without_header", "does-not-exist.yaml"],
)  # fmt: skip
def test_bad_input_never_gives_a_traceback(cli, name):
    result = cli("validate", str(MALFORMED / name))
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert str(MALFORMED / name) in result.output


def test_validate_folder_without_header(cli, tmp_path):
    result = cli("validate", str(tmp_path))
    assert result.exit_code == 1
    assert "no questionnaire.yaml" in result.output


def test_show_summary(cli):
    result = cli("show", "iso9001-2026")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Items per clause" in out and "By change kind" in out and "By tag" in out
    bank = get_questionnaire()
    per_clause_4 = len(bank.items_by_clause()["4"])
    assert "Context of the organization" in out
    line = next(row for row in out.splitlines() if row.strip().startswith("4 "))
    assert line.split()[-1] == str(per_clause_4)
    new_count = sum(item.change == "new" for item in bank.items)
    line = next(row for row in out.splitlines() if row.strip().startswith("new "))
    assert line.split()[-1] == str(new_count)


def test_show_without_id_and_one_bank_shows_it(cli):
    result = cli("show")
    assert result.exit_code == 0
    assert result.output.startswith("iso9001-2026 ")


def test_show_json_shape(cli):
    result = cli("show", "iso9001-2026", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"id", "version", "title", "scales", "items"} <= set(data)
    assert data["id"] == "iso9001-2026"
    assert set(data["scales"]) == {"compliance", "outcome"}
    assert [lv["level"] for lv in data["scales"]["outcome"]["levels"]] == [0, 1, 2, 3, 4]
    assert len(data["items"]) == len(get_questionnaire().items)
    for item in data["items"]:
        assert set(item) == set(Item.model_fields)
    climate = next(i for i in data["items"] if i["id"] == "4.1-climate-relevance")
    assert climate["scale_wording"]["compliance"]["2"]
    assert Item.model_validate(climate) == get_questionnaire().item("4.1-climate-relevance")


def test_show_unknown_id(cli):
    result = cli("show", "no-such-bank")
    assert result.exit_code == 1
    assert "unknown questionnaire 'no-such-bank'" in result.output


def test_user_banks_listed_and_shown(cli, monkeypatch):
    folders = os.pathsep.join([str(FIXTURES / "user"), str(FIXTURES / "valid_folder")])
    monkeypatch.setenv("GAPASSESS_QUESTIONNAIRES_PATH", folders)
    listing = cli("show")
    assert listing.exit_code == 0
    assert {"iso9001-2026", "user-bank", "test-folder-bank"} <= set(listing.output.split())
    rows = json.loads(cli("show", "--json").output)
    assert [row["id"] for row in rows] == ["iso9001-2026", "iso9001-2026", "user-bank",
                                           "test-folder-bank"]
    assert [row["version"] for row in rows[:2]] == ["1.0", "2.0"]
    assert rows[2]["items"] == 3
    shown = json.loads(cli("show", "user-bank", "--json").output)
    assert [i["id"] for i in shown["items"]] == ["4.1-alpha", "6.1.2-beta", "8.3-gamma"]
    assert cli("validate").exit_code == 0


def test_user_bank_collision(cli, monkeypatch):
    monkeypatch.setenv("GAPASSESS_QUESTIONNAIRES_PATH", str(FIXTURES / "user_collision"))
    result = cli("validate")
    assert result.exit_code == 1
    assert str(FIXTURES / "user_collision" / "copy-of-shipped.yaml") in result.output
    assert "iso9001-2026/questionnaire.yaml" in result.output
    shown = cli("show", "iso9001-2026")
    assert shown.exit_code == 0
    assert "warning:" in shown.output


def test_show_and_score_pick_a_version(cli, monkeypatch, tmp_path):
    folder = tmp_path / "banks"
    folder.mkdir()
    text = (FIXTURES / "valid.yaml").read_text().replace("id: test-bank", "id: mine")
    for version in ("1.0", "2.0"):
        (folder / f"mine-{version}.yaml").write_text(
            text.replace('version: "0.1"', f'version: "{version}"'))
    monkeypatch.setenv("GAPASSESS_QUESTIONNAIRES_PATH", str(folder))
    newest = cli("show", "mine", "--json")
    assert newest.exit_code == 0, newest.output
    assert json.loads(newest.output)["version"] == "2.0"
    older = cli("show", "mine@1.0", "--json")
    assert json.loads(older.output)["version"] == "1.0"
    missing = cli("show", "mine@3.0")
    assert missing.exit_code != 0 and "mine@1.0, mine@2.0" in missing.output
    answers = tmp_path / "answers.csv"
    answers.write_text("item_id,compliance,outcome\n4.1-alpha,2,2\n")
    scored = CliRunner().invoke(main, ["score", "--answers", str(answers), "--questionnaire",
                                       "mine@1.0", "--json", "--start-date", "2027-01-04"])
    assert scored.exit_code == 0, scored.output
    assert json.loads(scored.output)["questionnaire"]["version"] == "1.0"
