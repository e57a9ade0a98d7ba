"""Configuration from the environment and the instance secret key."""

import stat

import pytest

from gapassess.web import create_app
from gapassess.web.config import load_or_create_secret


def test_secret_key_is_generated_once_and_private(tmp_path):
    first = load_or_create_secret(tmp_path)
    second = load_or_create_secret(tmp_path)
    assert first == second and len(first) == 64
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600


def test_instance_path_and_database_come_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("GAPASSESS_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.delenv("GAPASSESS_DATABASE_URL", raising=False)
    monkeypatch.delenv("GAPASSESS_SECRET_KEY", raising=False)
    app = create_app()
    assert app.instance_path == str(tmp_path / "inst")
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'inst' / 'gapassess.db'}"
    assert app.config["SECRET_KEY"] == (tmp_path / "inst" / "secret_key").read_text()
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_environment_overrides_database_secret_and_cookies(tmp_path, monkeypatch):
    monkeypatch.setenv("GAPASSESS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("GAPASSESS_DATABASE_URL", "sqlite:///elsewhere.db")
    monkeypatch.setenv("GAPASSESS_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("GAPASSESS_SECURE_COOKIES", "true")
    app = create_app()
    assert app.config["DATABASE_URL"] == "sqlite:///elsewhere.db"
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert not (tmp_path / "secret_key").exists()


def test_a_bad_proxies_setting_is_refused_with_its_name(tmp_path, monkeypatch):
    from gapassess.web.config import ConfigError

    monkeypatch.setenv("GAPASSESS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("GAPASSESS_PROXIES", "one")
    with pytest.raises(ConfigError, match="GAPASSESS_PROXIES must be a whole number"):
        create_app()


@pytest.mark.parametrize("variable, value, message", [
    ("GAPASSESS_PROXIES", "-1", "GAPASSESS_PROXIES must be a whole number (0 or more), not '-1'"),
    ("GAPASSESS_RATELIMIT_STORAGE_URI", "bogus://somewhere",
     "GAPASSESS_RATELIMIT_STORAGE_URI cannot be used: unknown storage scheme"),
])
def test_the_command_line_reports_a_bad_setting_by_name_without_a_traceback(
    tmp_path, monkeypatch, variable, value, message
):
    from click.testing import CliRunner

    from gapassess.cli import main

    monkeypatch.setenv("GAPASSESS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv(variable, value)
    result = CliRunner().invoke(main, ["init"])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_scoring_model_settings_come_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("GAPASSESS_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.delenv("GAPASSESS_SCORING_MODEL", raising=False)
    monkeypatch.delenv("GAPASSESS_SCORING_MODELS_PATH", raising=False)
    app = create_app()
    assert (app.config["SCORING_MODEL"], app.config["SCORING_MODELS_PATH"]) == ("", "")
    monkeypatch.setenv("GAPASSESS_SCORING_MODEL", str(tmp_path / "site.yaml"))
    monkeypatch.setenv("GAPASSESS_SCORING_MODELS_PATH", str(tmp_path / "models"))
    app = create_app()
    assert app.config["SCORING_MODEL"] == str(tmp_path / "site.yaml")
    assert app.config["SCORING_MODELS_PATH"] == str(tmp_path / "models")
    with app.app_context():
        from gapassess.web.services.scoring_models import model_settings

        settings = model_settings()
    assert settings.installation_path() == tmp_path / "site.yaml"
    assert settings.search_folders()[1:] == [tmp_path / "models"]
