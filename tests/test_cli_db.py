"""The database commands: init, demo, user create; and --help on every command."""

import click
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from gapassess.cli import main
from gapassess.db import accounts
from gapassess.db.migrate import head_revision
from gapassess.db.models import Assessment, Membership, Organisation, Response, User


@pytest.fixture
def cli_env(tmp_path, monkeypatch, database_url):
    """The real `gapassess` group, pointed at a fresh instance folder and database."""
    monkeypatch.setenv("GAPASSESS_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("GAPASSESS_DATABASE_URL", database_url)
    return CliRunner()


def _count(app, model):
    from gapassess.web.database import get_session

    with app.app_context():
        return get_session().scalar(select(func.count()).select_from(model))


def test_init_creates_then_reports_up_to_date(tmp_path, monkeypatch):
    monkeypatch.setenv("GAPASSESS_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("GAPASSESS_DATABASE_URL", raising=False)
    runner = CliRunner()
    first = runner.invoke(main, ["init"])
    assert first.exit_code == 0, first.output
    assert f"to {head_revision()}" in first.output
    assert (tmp_path / "instance" / "gapassess.db").exists()
    second = runner.invoke(main, ["init"])
    assert "up to date" in second.output


def test_demo_loads_three_profiles_once(cli_env, app):
    result = cli_env.invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    assert "consultant@example.com / demo-password" in result.output
    assert _count(app, Organisation) == 3
    # one organisation also has last year's baseline, another last year's review on bank 1.0
    assert _count(app, Assessment) == 5
    with app.app_context():
        from gapassess.web.database import get_session

        earlier = get_session().scalar(select(Assessment).where(Assessment.id == 5))
        assert (earlier.questionnaire_version, earlier.status) == ("1.0", "final")
    assert _count(app, Response) > 150
    again = cli_env.invoke(main, ["demo"])
    assert again.exit_code != 0 and "already has organisations" in again.output
    quiet = cli_env.invoke(main, ["demo", "--if-empty"])
    assert quiet.exit_code == 0 and _count(app, Organisation) == 3


def test_demo_login_works(cli_env, client):
    cli_env.invoke(main, ["demo"])
    response = client.post(
        "/login", data={"email": "consultant@example.com", "password": "demo-password"}
    )
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    for name in ("Northfield Precision", "Brightwater Field Services", "Kitebird Labs"):
        assert name in page


def test_user_create_with_organisation_and_role(cli_env, app):
    result = cli_env.invoke(
        main,
        ["user", "create", "--email", "QM@Example.com", "--name", "Quinn", "--org", "Acme",
         "--role", "assessor", "--password", "long-enough-password"],
    )
    assert result.exit_code == 0, result.output
    from gapassess.web.database import get_session

    with app.app_context():
        session = get_session()
        user = accounts.find_user(session, "qm@example.com")
        assert user is not None and user.name == "Quinn"
        membership = session.scalar(select(Membership).where(Membership.user_id == user.id))
        assert membership.role == "assessor" and membership.organisation.name == "Acme"
        assert accounts.authenticate(session, "qm@example.com", "long-enough-password")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--email", "not-an-email", "--password", "long-enough-password"], "not an email"),
        (["--email", "a@b.example", "--password", "short"], "at least 10 characters"),
    ],
)
def test_user_create_refuses_bad_input_cleanly(cli_env, app, args, message):
    result = cli_env.invoke(main, ["user", "create", "--name", "X", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert _count(app, User) == 0


def test_user_create_refuses_duplicate(cli_env):
    args = ["user", "create", "--email", "d@example.com", "--name", "D",
            "--password", "long-enough-password"]
    assert cli_env.invoke(main, args).exit_code == 0
    second = cli_env.invoke(main, args)
    assert second.exit_code != 0 and "already exists" in second.output


def _all_commands(group, prefix=()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _all_commands(command, (*prefix, name))


def test_every_command_has_help():
    commands = list(_all_commands(main))
    assert {("init",), ("demo",), ("serve",), ("user", "create")} <= set(commands)
    runner = CliRunner()
    for path in [(), *commands]:
        result = runner.invoke(main, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage:" in result.output


def test_user_set_password_ends_the_sessions(cli_env, app):
    from gapassess.db import login_sessions
    from gapassess.db.models import LoginSession
    from gapassess.web.database import get_session

    create = ["user", "create", "--email", "p@example.com", "--name", "P",
              "--password", "long-enough-password"]
    assert cli_env.invoke(main, create).exit_code == 0
    with app.app_context():
        session = get_session()
        login_sessions.open_session(session, accounts.find_user(session, "p@example.com"),
                                    hours=1)
        session.commit()
    result = cli_env.invoke(main, ["user", "set-password", "--email", "P@example.com",
                                   "--password", "another-long-password"])
    assert result.exit_code == 0, result.output
    assert "every session of the account has ended" in result.output
    with app.app_context():
        session = get_session()
        assert accounts.authenticate(session, "p@example.com", "another-long-password")
        assert _count(app, LoginSession) == 0
    short = cli_env.invoke(main, ["user", "set-password", "--email", "p@example.com",
                                  "--password", "short"])
    assert short.exit_code != 0 and "at least 10 characters" in short.output
    unknown = cli_env.invoke(main, ["user", "set-password", "--email", "x@example.com",
                                    "--password", "long-enough-password"])
    assert unknown.exit_code != 0 and "no user has the email x@example.com" in unknown.output
