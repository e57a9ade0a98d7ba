"""`gapassess assessment`: copy an assessment forward, move it to a newer bank version, or
discard a copy or move; the same preview and rules as the web pages
(gapassess.db.carry_preview, gapassess.db.carry). A refusal (no upgrade file, an older
version, an assessment that was not started from another) exits with status 1 and says
why."""

from __future__ import annotations

from typing import Any

import click
from flask.cli import with_appcontext

from gapassess.cli.inputs import checked_title, option
from gapassess.domain.carry import CarryKind
from gapassess.i18n import _, lazy_gettext


def register(group: click.Group) -> None:
    group.add_command(assessment)


@click.group(help=lazy_gettext(
    "Copy an assessment forward, move it to a newer bank version, or discard a copy or "
    "move (the database of GAPASSESS_DATABASE_URL)."))
def assessment() -> None:
    pass


def _session() -> Any:
    from gapassess.web.database import get_session

    return get_session()


def _assessment(session: Any, assessment_id: int) -> Any:
    from gapassess.db.models import Assessment

    found = session.get(Assessment, assessment_id)
    if found is None:
        raise click.ClickException(_("assessment %(id)d not found", id=assessment_id))
    return found


def _print_preview(preview: Any) -> None:
    for label, number in preview.counts:
        click.echo(f"{label}: {number}")
    for group in preview.groups:
        if not group.rows:
            continue
        click.echo("")
        click.echo(f"{group.heading} ({len(group.rows)})")
        for row in group.rows:
            parts = [row.item_id, row.answer, row.note]
            click.echo("  " + " · ".join(part for part in parts if part))


def _carry(assessment_id: int, kind: CarryKind, title: str | None, version: str | None,
           preview_only: bool, yes: bool) -> None:
    from gapassess.db import carry
    from gapassess.db.carry_preview import build_preview, carried_message

    session = _session()
    source = _assessment(session, assessment_id)
    try:
        preview = build_preview(session, source, version=version, kind=kind)
    except carry.CannotCarry as exc:
        raise click.ClickException(_("assessment %(id)d: %(reason)s", id=assessment_id,
                                     reason=exc)) from None
    if kind == "move":
        click.echo(_("Moving “%(title)s” (no. %(id)d) from bank version %(old)s to %(new)s:",
                     title=source.title, id=source.id, old=source.questionnaire_version,
                     new=preview.version))
    else:
        click.echo(_("Copying “%(title)s” (no. %(id)d) forward on bank version %(version)s:",
                     title=source.title, id=source.id, version=preview.version))
    _print_preview(preview)
    if preview_only:
        click.echo("")
        click.echo(_("Preview only: nothing was saved."))
        return
    if kind == "move" and not yes and not click.confirm(
            _("Create the new assessment on version %(version)s? The old one stays as it is",
              version=preview.version), default=False):
        raise click.ClickException(_("nothing was saved"))
    new = carry.start_from(session, source, title=(title or source.title).strip(),
                           version=preview.version, kind=kind, user=None, plan=preview.plan)
    session.commit()
    click.echo("")
    click.echo(carried_message(new, preview.plan))
    click.echo(_("New assessment no. %(id)d; undo with: gapassess assessment discard %(id)d",
                 id=new.id))


@assessment.command("copy", help=lazy_gettext(
    "Start a new assessment from ASSESSMENT_ID: every answer, with its evidence, notes and "
    "owner, is carried and marked to confirm; the earlier one becomes the baseline and is "
    "not changed. --preview shows what would be carried without saving."))
@click.argument("assessment_id", type=int)
@option("--title", required=True, help=lazy_gettext("Title of the new assessment."))
@option("--version", default=None, metavar="V",
        help=lazy_gettext("Bank version of the new assessment (default: the earlier one's; a "
                          "newer one needs an upgrade file)."))
@option("--preview", "preview_only", is_flag=True,
        help=lazy_gettext("Show the counts and each item, save nothing."))
@with_appcontext
def copy_command(assessment_id: int, title: str, version: str | None,
                 preview_only: bool) -> None:
    _carry(assessment_id, "copy", checked_title(title), version, preview_only, yes=True)


@assessment.command("move", help=lazy_gettext(
    "Move ASSESSMENT_ID to bank version V through the upgrade file: a new assessment is "
    "created (asked first, unless --yes), the old one stays as it was, and the move can be "
    "undone with 'gapassess assessment discard'. --preview shows what would carry over, "
    "what becomes to confirm, what is new and what stays behind."))
@click.argument("assessment_id", type=int)
@option("--version", required=True, metavar="V",
        help=lazy_gettext("The newer bank version to move to."))
@option("--title", default=None,
        help=lazy_gettext("Title of the new assessment (default: the old one's)."))
@option("--preview", "preview_only", is_flag=True,
        help=lazy_gettext("Show the counts and each item, save nothing."))
@option("--yes", is_flag=True, help=lazy_gettext("Do not ask for confirmation."))
@with_appcontext
def move_command(assessment_id: int, version: str, title: str | None, preview_only: bool,
                 yes: bool) -> None:
    _carry(assessment_id, "move", checked_title(title), version, preview_only, yes)


@assessment.command("discard", help=lazy_gettext(
    "Undo a copy or a move: delete ASSESSMENT_ID, which was started from another "
    "assessment; the one it was started from stays as it was."))
@click.argument("assessment_id", type=int)
@with_appcontext
def discard_command(assessment_id: int) -> None:
    from gapassess.db import carry

    session = _session()
    found = _assessment(session, assessment_id)
    work = carry.work_since_started(session, found)
    title, origin_id = found.title, found.origin_id
    try:
        keys = carry.discard(session, found, user=None)
    except carry.CannotCarry as exc:
        raise click.ClickException(_("assessment %(id)d: %(reason)s", id=assessment_id,
                                     reason=exc)) from None
    session.commit()
    from gapassess.db.evidence import forget_bytes
    from gapassess.web.services import evidence as evidence_service

    forget_bytes(evidence_service.store(), keys)
    click.echo(_("Deleted “%(title)s” (no. %(id)d) with %(answers)d answers given, changed "
                 "or confirmed since it was started, %(workshops)d workshops and "
                 "%(edits)d roadmap decisions.", title=title, id=assessment_id,
                 answers=work.answers, workshops=work.workshops, edits=work.roadmap_edits))
    if origin_id is not None:
        click.echo(_("Assessment no. %(origin)d, which it was started from, stays as it was.",
                     origin=origin_id))
