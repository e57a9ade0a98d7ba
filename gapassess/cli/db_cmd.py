"""Commands that manage the database: init, demo, user create, serve."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from gapassess.cli.inputs import LazyHelpOption, option
from gapassess.i18n import _, lazy_gettext, ngettext


def register(group: click.Group) -> None:
    group.add_command(init)
    group.add_command(demo)
    group.add_command(serve)
    group.add_command(user)


@click.command(help=lazy_gettext("Create the database, or migrate it to the current schema."))
@with_appcontext
def init() -> None:
    from gapassess.db.migrate import current_revision, head_revision, upgrade
    from gapassess.web.database import get_engine

    engine = get_engine()
    before = current_revision(engine)
    upgrade(engine)
    url = engine.url.render_as_string(hide_password=True)
    if before == head_revision():
        click.echo(_("Database %(url)s is up to date.", url=url))
    else:
        # TRANSLATORS: before is a schema revision, or "empty" for a new database.
        click.echo(_("Database %(url)s migrated from %(before)s to %(after)s.", url=url,
                     before=before or _("empty"), after=head_revision()))


@click.command(help=lazy_gettext(
    "Load demo organisations with realistic assessments and logins."))
@option("--if-empty", is_flag=True,
        help=lazy_gettext("Load only when the database has no organisations."))
@with_appcontext
def demo(if_empty: bool) -> None:
    from gapassess.db.demo import DEMO_CONSULTANT, DEMO_PASSWORD, demo_loaded, load_demo
    from gapassess.domain.questionnaire import QuestionnaireError, get_questionnaire
    from gapassess.web.database import get_session

    session = get_session()
    if demo_loaded(session):
        if if_empty:
            click.echo(_("Demo data not loaded: the database already has organisations."))
            return
        raise click.ClickException(_(
            "the database already has organisations; use a fresh instance folder for the demo"
        ))
    try:
        questionnaire = get_questionnaire()
    except QuestionnaireError as exc:
        raise click.ClickException(_("the question bank is not valid:\n%(problems)s",
                                     problems=exc)) from None
    orgs = load_demo(session, questionnaire)
    session.commit()
    # TRANSLATORS: the English says "organisations" whatever the number.
    click.echo(ngettext("Loaded %(num)d demo organisations: %(names)s.",
                        "Loaded %(num)d demo organisations: %(names)s.", len(orgs),
                        names=", ".join(o.name for o in orgs)))
    click.echo(_("Demo login: %(login)s / %(password)s", login=DEMO_CONSULTANT,
                 password=DEMO_PASSWORD))


@click.command(help=lazy_gettext(
    "Serve the web app: gunicorn worker processes on POSIX systems, else waitress."))
@option("--host", default="127.0.0.1", show_default=True,
        help=lazy_gettext("Address to listen on."))
@option("--port", default=5000, show_default=True, type=int,
        help=lazy_gettext("Port to listen on."))
@option(
    "--workers",
    type=click.IntRange(min=1),
    help=lazy_gettext(
        "Worker processes (gunicorn, POSIX systems)  [default: one per core, 2 to 8]"),
)
@option(
    "--threads",
    default=8,
    show_default=True,
    type=click.IntRange(min=1),
    help=lazy_gettext("Threads, where waitress serves instead (systems without gunicorn)."),
)
@with_appcontext
def serve(host: str, port: int, workers: int | None, threads: int) -> None:
    from gapassess.cli import serving
    from gapassess.db.migrate import is_up_to_date
    from gapassess.web.database import get_engine

    if not is_up_to_date(get_engine()):
        raise click.ClickException(
            _("the database is not initialised; run `gapassess init` first"))
    # Flask types current_app as the app itself, not as the proxy it is
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    serving.serve(app, host, port, workers=workers, threads=threads, announce=click.echo)


@click.group(help=lazy_gettext("Manage user accounts."))
def user() -> None:
    pass


@user.command("create", help=lazy_gettext(
    "Create a user and, with --org, give them a role in an organisation."))
@option("--email", required=True, help=lazy_gettext("Login email address."))
@option("--name", required=True, help=lazy_gettext("Display name."))
@option("--org", "org_name",
        help=lazy_gettext("Organisation to join (created when it does not exist)."))
@option(
    "--role",
    type=click.Choice(["consultant", "assessor", "viewer"]),
    default="consultant",
    show_default=True,
    help=lazy_gettext("Role in the organisation."),
)
@option("--site-admin", is_flag=True, help=lazy_gettext("Make the user a site administrator."))
@click.password_option(envvar="GAPASSESS_NEW_USER_PASSWORD", cls=LazyHelpOption,
                       help=lazy_gettext("Password (asked when omitted)."))
@with_appcontext
def user_create(email, name, org_name, role, site_admin, password) -> None:
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
                click.echo(_("Created organisation %(name)s.", name=org.name))
            accounts.add_membership(session, account, org, role)
    except accounts.AccountError as exc:
        session.rollback()
        raise click.ClickException(str(exc)) from None
    session.commit()
    if org_name:
        # TRANSLATORS: role is consultant, assessor or viewer (the option's own words).
        click.echo(_("Created user %(email)s as %(role)s of %(org)s.", email=account.email,
                     role=role, org=org_name))
    else:
        click.echo(_("Created user %(email)s.", email=account.email))


@user.command("set-password", help=lazy_gettext(
    "Set a new password for a user; every session of the account ends."))
@option("--email", required=True, help=lazy_gettext("Login email address."))
@click.password_option(envvar="GAPASSESS_NEW_USER_PASSWORD", cls=LazyHelpOption,
                       help=lazy_gettext("Password (asked when omitted)."))
@with_appcontext
def user_set_password(email, password) -> None:
    from gapassess.db import accounts
    from gapassess.web.database import get_session

    session = get_session()
    account = accounts.find_user(session, email)
    if account is None:
        raise click.ClickException(_("no user has the email %(email)s",
                                     email=accounts.normalise_email(email)))
    try:
        accounts.set_password(session, account, password)
    except accounts.AccountError as exc:
        session.rollback()
        raise click.ClickException(str(exc)) from None
    session.commit()
    click.echo(_("New password set for %(email)s; every session of the account has ended.",
                 email=account.email))
