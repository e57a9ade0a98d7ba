"""Which scoring model file applies: the installation's, or one an organisation names."""

from __future__ import annotations

import os

import pytest

from gapassess.domain.scoring_model import ScoringModelError, default_model_path
from gapassess.domain.scoring_model_files import ModelSettings
from gapassess.paths import scoring_dir


def test_no_settings_mean_the_shipped_model():
    settings = ModelSettings.parse("", None)
    assert settings.path_of(None) == settings.path_of("") == default_model_path()
    assert settings.search_folders() == [scoring_dir()]
    assert "default.yaml" in settings.names()


def test_names_come_from_every_folder_shipped_first(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "ours.yaml").write_text("x", encoding="utf-8")
    (second / "ours.yaml").write_text("y", encoding="utf-8")
    (second / "notes.txt").write_text("not a model", encoding="utf-8")
    settings = ModelSettings.parse(None, os.pathsep.join([str(first), str(second)]))
    assert "ours.yaml" in settings.names() and "notes.txt" not in settings.names()
    assert settings.path_of("ours.yaml") == first / "ours.yaml"
    assert settings.path_of("default.yaml") == scoring_dir() / "default.yaml"


@pytest.mark.parametrize("name", ["../default.yaml", "/etc/passwd", ".hidden.yaml", "sub/x.yaml"])
def test_only_plain_file_names(name):
    with pytest.raises(ScoringModelError, match="by its file name only"):
        ModelSettings().path_of(name)


def test_an_unknown_name_is_an_error_naming_it_and_the_folders(tmp_path):
    with pytest.raises(ScoringModelError) as caught:
        ModelSettings.parse(None, str(tmp_path)).load("gone.yaml")
    assert caught.value.problems[0].startswith("gone.yaml: no scoring model file")
    assert str(tmp_path) in caught.value.problems[0]


def test_a_missing_installation_model_is_an_error_not_the_default(tmp_path):
    with pytest.raises(ScoringModelError, match="cannot be read"):
        ModelSettings.parse(str(tmp_path / "missing.yaml"), None).load()


def test_a_name_longer_than_the_file_system_allows_is_an_unknown_model():
    """An organisation form posts any name: one of 300 characters made is_file() raise an
    OSError (File name too long), a 500 on the organisation page."""
    name = "x" * 300 + ".yaml"
    with pytest.raises(ScoringModelError) as caught:
        ModelSettings().path_of(name)
    assert "no scoring model file" in caught.value.problems[0]
