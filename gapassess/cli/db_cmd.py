"""Commands that manage the database: init, demo, user create, serve."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext


def register(group: click.Group) -> None:
    group.add_command(init)
    group.add_command(demo)
    group.add_command(serve)
    group.add_command(user)


@click.command()
@with_appcontext
def init() -> None:
    """Create the database, or migrate it to the current schema."""
    from gapassess.db.migrate import current_revision, head_revision, upgrade
    from gapassess.web.database import get_engine

    engine = get_engine()
    before = current_revision(engine)
    upgrade(engine)
    url = engine.url.render_as_string(hide_password=True)
    if before == head_revision():
        click.echo(f"Database {url} is up to date.")
    else:
        click.echo(f"Database {url} migrated from {before or 'empty'} to {head_revision()}.")


@click.command()
@click.option("--if-empty", is_flag=True, help="Load only when the database has no organisations.")
@with_appcontext
def demo(if_empty: bool) -> None:
    """Load demo organisations with realistic assessments and logins."""
    from gapassess.db.demo import DEMO_CONSULTANT, DEMO_PASSWORD, demo_loaded, load_demo
    from gapassess.domain.questionnaire import QuestionnaireError, get_questionnaire
    from gapassess.web.database import get_session

    session = get_session()
    if demo_loaded(session):
        if if_empty:
            click.echo("Demo data not loaded: the database already has organisations.")
            return
        raise click.ClickException(
            "the database already has organisations; use a fresh instance folder for the demo"
        )
    try:
        questionnaire = get_questionnaire()
    except QuestionnaireError as exc:
        raise click.ClickException(f"the question bank is not valid:\n{exc}") from None
    orgs = load_demo(session, questionnaire)
    session.commit()
    click.echo(f"Loaded {len(orgs)} demo organisations: {', '.join(o.name for o in orgs)}.")
    click.echo(f"Demo login: {DEMO_CONSULTANT} / {DEMO_PASSWORD}")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Worker processes (gunicorn, POSIX systems)  [default: one per core, 2 to 8]",
)
@click.option(
    "--threads",
    default=8,
    show_default=True,
    type=click.IntRange(min=1),
    help="Threads, where waitress serves instead (systems without gunicorn).",
)
@with_appcontext
def serve(host: str, port: int, workers: int | None, threads: int) -> None:
    """Serve the web app: gunicorn worker processes on POSIX systems, else waitress."""
    from gapassess.cli import serving
    from gapassess.db.migrate import is_up_to_date
    from gapassess.web.database import get_engine

    if not is_up_to_date(get_engine()):
        raise click.ClickException("the database is not initialised; run `gapassess init` first")
    # Flask types current_app as the app itself, not as the proxy it is
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    serving.serve(app, host, port, workers=workers, threads=threads, announce=click.echo)


@click.group()
def user() -> None:
    """Manage user accounts."""


@user.command("create")
@click.option("--email", required=True, help="Login email address.")
@click.option("--name", required=True, help="Display name.")
@click.option("--org", "org_name", help="Organisation to join (created when it does not exist).")
@click.option(
    "--role",
    type=click.Choice(["consultant", "assessor", "viewer"]),
    default="consultant",
    show_default=True,
    help="Role in the organisation.",
)
@click.option("--site-admin", is_flag=True, help="Make the user a site administrator.")
@click.password_option(envvar="GAPASSESS_NEW_USER_PASSWORD", help="Password (asked when omitted).")
@with_appcontext
def user_create(email, name, org_name, role, site_admin, password) -> None:
    """Create a user and, with --org, give them a role in an organisation."""
    from gapassess.db import accounts
    from gapassess.db.models import Organisation
    from gapassess.web.database import get_session

    session = get_session()
    try:
        account = accounts.create_user(
            session, email=email, name=name, password=password, site_admin=site_admin
        )
        if org_name:
            org = accounts.find_organisation(session, org_name)
            if org is None:
                org = Organisation(name=org_name.strip())
                session.add(org)
                session.flush()
                click.echo(f"Created organisation {org.name}.")
            accounts.add_membership(session, account, org, role)
    except accounts.AccountError as exc:
        session.rollback()
        raise click.ClickException(str(exc)) from None
    session.commit()
    where = f" as {role} of {org_name}" if org_name else ""
    click.echo(f"Created user {account.email}{where}.")
