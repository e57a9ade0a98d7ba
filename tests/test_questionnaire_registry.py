"""User question banks found through GAPASSESS_QUESTIONNAIRES_PATH."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gapassess.domain.questionnaire import (
    QuestionnaireError,
    get_questionnaire,
    latest_versions,
    list_questionnaires,
    questionnaire_for,
    user_folders,
    validate_paths,
)

FIXTURES = Path(__file__).parent / "fixtures" / "questionnaires"
MISSING = "folder named in GAPASSESS_QUESTIONNAIRES_PATH does not exist (or is not a folder)"


def use_folders(monkeypatch, *folders: Path) -> None:
    monkeypatch.setenv("GAPASSESS_QUESTIONNAIRES_PATH", os.pathsep.join(map(str, folders)))


def test_shipped_only_by_default(monkeypatch):
    monkeypatch.delenv("GAPASSESS_QUESTIONNAIRES_PATH", raising=False)
    assert user_folders() == []
    shipped = [(q.id, q.version) for q in list_questionnaires()]
    assert shipped == [("iso9001-2026", "1.0"), ("iso9001-2026", "2.0")]
    assert get_questionnaire().id == "iso9001-2026"


def test_user_folder_adds_a_bank(monkeypatch):
    use_folders(monkeypatch, FIXTURES / "user")
    ids = list(dict.fromkeys(q.id for q in list_questionnaires()))
    assert ids == ["iso9001-2026", "user-bank"]
    bank = get_questionnaire("user-bank")
    assert len(bank.items) == 3
    assert bank.source == str(FIXTURES / "user" / "user-bank.yaml")
    assert validate_paths([]) == []


def test_several_folders_and_folder_banks(monkeypatch):
    use_folders(monkeypatch, FIXTURES / "user", FIXTURES / "valid_folder")
    assert user_folders() == [FIXTURES / "user", FIXTURES / "valid_folder"]
    ids = {q.id for q in list_questionnaires()}
    assert ids == {"iso9001-2026", "user-bank", "test-folder-bank"}


def test_id_collision_names_both_files(monkeypatch):
    use_folders(monkeypatch, FIXTURES / "user_collision")
    with pytest.raises(QuestionnaireError) as caught:
        list_questionnaires()
    (issue,) = caught.value.issues
    assert issue.file == str(FIXTURES / "user_collision" / "copy-of-shipped.yaml")
    assert issue.field == "id"
    assert "questionnaire.yaml" in issue.message and "iso9001-2026" in issue.message
    assert "version 1.0" in issue.message
    # the shipped bank wins, so the default questionnaire still loads
    assert len(get_questionnaire().items) >= 60
    assert [str(i) for i in validate_paths([])] == [str(issue)]


def test_broken_user_bank_does_not_hide_shipped_one(monkeypatch):
    use_folders(monkeypatch, FIXTURES / "malformed" / "folder_bank")
    assert get_questionnaire("iso9001-2026").id == "iso9001-2026"
    assert {q.id for q in list_questionnaires(strict=False)} == {"iso9001-2026"}
    with pytest.raises(QuestionnaireError):
        get_questionnaire("test-bank")
    with pytest.raises(QuestionnaireError):
        list_questionnaires()


def test_missing_user_folder_is_reported(monkeypatch, tmp_path):
    use_folders(monkeypatch, tmp_path / "nowhere")
    issues = validate_paths([])
    assert [(i.file, i.message) for i in issues] == [(str(tmp_path / "nowhere"), MISSING)]
    with pytest.raises(QuestionnaireError):
        list_questionnaires()
    assert get_questionnaire().id == "iso9001-2026"


def test_unknown_id_is_a_key_error(monkeypatch):
    monkeypatch.delenv("GAPASSESS_QUESTIONNAIRES_PATH", raising=False)
    with pytest.raises(KeyError, match="available: iso9001-2026"):
        get_questionnaire("nope")


def test_edited_bank_is_reloaded(monkeypatch, tmp_path):
    folder = tmp_path / "banks"
    folder.mkdir()
    path = folder / "mine.yaml"
    text = (FIXTURES / "valid.yaml").read_text().replace("id: test-bank", "id: mine")
    path.write_text(text)
    use_folders(monkeypatch, folder)
    assert get_questionnaire("mine").title == "Test bank"
    path.write_text(text.replace("title: Test bank", "title: Edited bank title"))
    os.utime(path, ns=(1, 1))
    assert get_questionnaire("mine").title == "Edited bank title"


def _versions_folder(tmp_path, *versions: str) -> Path:
    folder = tmp_path / "banks"
    folder.mkdir()
    text = (FIXTURES / "valid.yaml").read_text().replace("id: test-bank", "id: mine")
    for version in versions:
        marked = text.replace('version: "0.1"', f'version: "{version}"')
        marked = marked.replace("title: Test bank", f"title: Mine {version}")
        (folder / f"mine-{version}.yaml").write_text(marked)
    return folder


def test_versions_of_one_bank_live_side_by_side(monkeypatch, tmp_path):
    use_folders(monkeypatch, _versions_folder(tmp_path, "1.9", "1.10", "1.2"))
    assert get_questionnaire("mine").version == "1.10"  # the newest, compared as numbers
    assert get_questionnaire("mine", "1.2").title == "Mine 1.2"
    assert sorted(b.version for b in list_questionnaires() if b.id == "mine") == [
        "1.10", "1.2", "1.9"]
    assert [b.version for b in latest_versions(list_questionnaires()) if b.id == "mine"] == [
        "1.10"]
    with pytest.raises(KeyError, match=r"no version 3.0 \(installed: 1.2, 1.9, 1.10\)"):
        get_questionnaire("mine", "3.0")


def test_an_assessment_keeps_its_version_or_gets_the_newest(monkeypatch, tmp_path):
    use_folders(monkeypatch, _versions_folder(tmp_path, "1.0", "2.0"))
    assert questionnaire_for("mine", "1.0").version == "1.0"
    assert questionnaire_for("mine", "0.9").version == "2.0"  # that version is gone
    with pytest.raises(KeyError):
        questionnaire_for("nope", "1.0")


def test_a_broken_unrelated_bank_does_not_block_the_fallback_to_the_newest(monkeypatch):
    use_folders(monkeypatch, FIXTURES / "malformed" / "folder_bank")
    assert questionnaire_for("iso9001-2026", "1.5").version == "2.0"
    with pytest.raises(KeyError, match="has no version 1.5"):
        get_questionnaire("iso9001-2026", "1.5")
