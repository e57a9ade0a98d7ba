"""``gapassess import2015``: a 2015 gap sheet into a new assessment, with a preview."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from gapassess.cli.inputs import checked_title, fail, option
from gapassess.i18n import _, lazy_gettext, ngettext


def register(group: click.Group) -> None:
    group.add_command(import2015)


@click.command(help=lazy_gettext(
    "Import a 2015-based gap assessment or internal-audit checklist (CSV or XLSX) into a "
    "new assessment of the organisation on the newest ISO 9001:2026 bank. Columns are named "
    "by their header text or letter; each status value is given a level 0-4 or skip "
    "(yes, partial, no and 0-4 are known). Every carried answer is to confirm. With "
    "--preview nothing is saved; with problems nothing is saved and the exit status is 1."))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@option("--org", "org_id", type=int, required=True,
        help=lazy_gettext("Id of the organisation the assessment is for."))
@option("--title", default="", help=lazy_gettext("Title of the new assessment."))
@option("--clause-column", required=True,
        help=lazy_gettext("Column holding the 2015 clause number."))
@option("--status-column", required=True,
        help=lazy_gettext("Column holding the status or level."))
@option("--outcome-column", default=None,
        help=lazy_gettext("Column holding an outcome level (optional)."))
@option("--evidence-column", default=None, help=lazy_gettext("Column holding evidence."))
@option("--notes-column", default=None, help=lazy_gettext("Column holding notes."))
@option("--owner-column", default=None, help=lazy_gettext("Column holding the owner."))
@option("--value", "value_options", multiple=True, metavar="VALUE=LEVEL",
        help=lazy_gettext("What a status value means: a level 0-4 or skip, e.g. "
                          "--value done=4 --value n/a=skip (repeatable)."))
@option("--sheet", default=None,
        help=lazy_gettext("Sheet of a workbook to read (default: the first)."))
@option("--preview", is_flag=True,
        help=lazy_gettext("Show what would be carried and the problems; save nothing."))
@with_appcontext
def import2015(file: Path, org_id: int, title: str, clause_column: str, status_column: str,
               outcome_column: str | None, evidence_column: str | None,
               notes_column: str | None, owner_column: str | None,
               value_options: tuple[str, ...], sheet: str | None, preview: bool) -> None:
    from gapassess.db import import2015 as store
    from gapassess.db.models import Organisation
    from gapassess.domain.answers_file import AnswersError
    from gapassess.domain.import2015 import import_rows, parse_value_option, read_sheet
    from gapassess.web.database import get_session

    values = {}
    for text in value_options:
        try:
            key, level = parse_value_option(text)
        except ValueError as exc:
            fail([_("--value: %(problem)s", problem=exc)])
        values[key] = level
    session = get_session()
    org = session.get(Organisation, org_id)
    if org is None:
        fail([_("no organisation with id %(id)d", id=org_id)])
    if not preview and not title.strip():
        fail([_("--title is needed to save the assessment")])
    if not preview:
        title = checked_title(title) or ""
    try:
        rows = read_sheet(file, file.name, sheet)
    except AnswersError as exc:
        fail([*exc.problems, _("nothing was saved")])
    bank = store.target_bank()
    columns = {"clause": clause_column, "status": status_column, "outcome": outcome_column,
               "evidence": evidence_column, "notes": notes_column, "owner": owner_column}
    result = import_rows(rows, name=file.name, columns=columns, bank=bank,
                         mapping=store.clause_mapping(), values=values)
    _print_preview(result)
    if not result.ok:
        for line in result.problem_lines:
            click.echo(line, err=True)
        click.echo(ngettext("%(num)d problem in %(file)s: nothing was saved.",
                            "%(num)d problems in %(file)s: nothing was saved.",
                            len(result.problems), file=file.name), err=True)
        raise SystemExit(1)
    if preview:
        click.echo(_("Preview only: nothing was saved."))
        return
    assessment = store.accept(session, organisation_id=org.id, title=title,
                              result=result, bank=bank)
    session.commit()
    click.echo(_("Created assessment %(id)d \"%(title)s\" for %(org)s: %(num)d answers to "
                 "confirm.", id=assessment.id, title=assessment.title, org=org.name,
                 num=len(result.plan.carried)))


def _print_preview(result) -> None:
    plan = result.plan
    if result.ok:
        click.echo(_("%(file)s: %(rows)d rows read; %(carried)d items to confirm, %(warned)d "
                     "of them with a warning; %(left)d rows not carried; %(new)d items new in "
                     "2026 left unanswered.", file=result.name, rows=result.rows,
                     carried=len(plan.carried), warned=len(plan.with_warnings),
                     left=len(plan.left_behind), new=len(result.new_items)))
    for note in result.notes:
        click.echo(_("row %(row)d: %(note)s", row=note.row, note=note.message))
    for carried in plan.carried:
        levels = "/".join("-" if level is None else str(level)
                          for level in (carried.answer.compliance, carried.answer.outcome))
        line = f"  {carried.item_id} [{levels}] <- {carried.carried_from}"
        click.echo(line)
        for warning in carried.warnings:
            click.echo(f"      ! {warning}")
    for item_id in result.new_items:
        click.echo(_("new in 2026, unanswered: %(item)s", item=item_id))

