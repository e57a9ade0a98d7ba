"""`gapassess assessment copy / move / discard`: the same preview and rules as the web
pages, from the command line."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from gapassess.cli import main
from gapassess.db.models import Assessment, Response
from gapassess.db.responses import save_response
from tests import factories
from tests.test_web_carry import BANK, upgrade  # noqa: F401 (the fixture)


@pytest.fixture
def cli(monkeypatch, tmp_path, database_url):
    monkeypatch.setenv("GAPASSESS_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("GAPASSESS_DATABASE_URL", database_url)
    return CliRunner()


@pytest.fixture
def source(db, org_with_people):
    org, _, _ = org_with_people
    earlier = factories.gen_assessment(db, org, title="Gap 2025", questionnaire_id=BANK,
                                       questionnaire_version="1.0")
    save_response(db, earlier, "4.1-context-issues", {"compliance": 3, "outcome": 2},
                  user=None)
    save_response(db, earlier, "4.1-context-monitoring", {"compliance": 1}, user=None)
    save_response(db, earlier, "4.1-climate-relevance", {"outcome": 2}, user=None)
    db.commit()
    return earlier.id


def _count(db, model=Assessment) -> int:
    db.expire_all()
    return int(db.scalar(select(func.count()).select_from(model)))


def test_copy_preview_prints_counts_and_items_and_saves_nothing(cli, db, source):
    result = cli.invoke(main, ["assessment", "copy", str(source), "--title", "Gap 2026",
                               "--preview"])
    assert result.exit_code == 0, result.output
    assert "Answers carried: 3" in result.output
    assert "Carried, to confirm: 3" in result.output
    assert "  4.1-context-issues · compliance 3, outcome 2" in result.output
    assert "Preview only: nothing was saved." in result.output
    assert _count(db) == 1


def test_copy_creates_the_new_assessment_then_discard_undoes_it(cli, db, source):
    result = cli.invoke(main, ["assessment", "copy", str(source), "--title", "Gap 2026"])
    assert result.exit_code == 0, result.output
    assert "3 answers carried, 3 of them to confirm." in result.output
    new = db.scalar(select(Assessment).where(Assessment.title == "Gap 2026"))
    assert (new.origin_id, new.origin_kind, new.baseline_id) == (source, "copy", source)
    assert f"gapassess assessment discard {new.id}" in result.output
    assert _count(db, Response) == 6
    undone = cli.invoke(main, ["assessment", "discard", str(new.id)])
    assert undone.exit_code == 0, undone.output
    assert "Deleted “Gap 2026”" in undone.output
    assert _count(db) == 1 and _count(db, Response) == 3


def test_refusals_exit_1_with_the_reason(cli, db, source):
    unknown = cli.invoke(main, ["assessment", "copy", str(source), "--title", "T",
                                "--version", "9.9"])
    assert unknown.exit_code == 1
    assert "version 9.9 of question bank iso9001-2026 is not installed" in unknown.output
    same = cli.invoke(main, ["assessment", "move", str(source), "--version", "1.0", "--yes"])
    assert same.exit_code == 1 and "already on version 1.0" in same.output
    missing = cli.invoke(main, ["assessment", "discard", "999999"])
    assert missing.exit_code == 1 and "assessment 999999 not found" in missing.output
    not_started = cli.invoke(main, ["assessment", "discard", str(source)])
    assert not_started.exit_code == 1 and "can be discarded" in not_started.output
    blank = cli.invoke(main, ["assessment", "copy", str(source), "--title", " "])
    assert blank.exit_code == 2 and "--title" in blank.output
    assert _count(db) == 1


def test_move_previews_asks_and_creates(cli, db, source, upgrade):  # noqa: F811
    preview = cli.invoke(main, ["assessment", "move", str(source), "--version", "2.0",
                                "--preview"])
    assert preview.exit_code == 0, preview.output
    assert "from bank version 1.0 to 2.0" in preview.output
    assert "Carried over unchanged: 1" in preview.output
    assert "Earlier answers left behind: 1" in preview.output
    assert "4.1-climate-relevance · outcome 2 · folded into the 2.0 context items" in (
        preview.output)
    declined = cli.invoke(main, ["assessment", "move", str(source), "--version", "2.0"],
                          input="n\n")
    assert declined.exit_code == 1 and _count(db) == 1
    moved = cli.invoke(main, ["assessment", "move", str(source), "--version", "2.0"],
                       input="y\n")
    assert moved.exit_code == 0, moved.output
    assert "Moved to bank version 2.0 as “Gap 2025”: 2 answers carried" in moved.output
    new = db.scalar(select(Assessment).where(Assessment.origin_kind == "move"))
    assert new.questionnaire_version == "2.0" and new.title == "Gap 2025"


def test_help_says_what_each_command_does(cli):
    for name, words in (("copy", "marked to confirm"), ("move", "upgrade file"),
                        ("discard", "Undo a copy or a move")):
        result = cli.invoke(main, ["assessment", name, "--help"])
        assert result.exit_code == 0 and words in " ".join(result.output.split())
