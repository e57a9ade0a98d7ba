"""`gapassess score` and `gapassess template`: score an answers file, make the answers workbook."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from gapassess.cli.inputs import (
    DATE,
    answers_file,
    certification,
    certification_options,
    day,
    fail,
    model_option,
    option,
    questionnaire_option,
)
from gapassess.i18n import _, lazy_gettext, ngettext

QUESTIONNAIRE_HELP = lazy_gettext(
    "Questionnaire id (default iso9001-2026) or path to a questionnaire.")


@click.command("score", help=lazy_gettext(
    "Score an answers file and plan the roadmap.\n\n"
    "Exits with status 2, listing every problem with its row number, when the answers file, "
    "the questionnaire or the scoring model cannot be used."))
@option("--answers", "answers_path", required=True, type=click.Path(path_type=Path),
        help=lazy_gettext(
            "Answers file (.csv or .xlsx) with columns item_id, compliance, outcome, ..."))
@option("--questionnaire", "qid", default=None, metavar="ID", help=QUESTIONNAIRE_HELP)
@option("--model", "model_path", type=click.Path(path_type=Path), default=None,
        help=lazy_gettext("Scoring model YAML file (default: GAPASSESS_SCORING_MODEL, else "
                          "the shipped scoring/default.yaml)."))
@option("--target-date", type=DATE, default=None,
        help=lazy_gettext("Target audit date, YYYY-MM-DD (default: the next scheduled "
                          "audit, else the certificate's expiry, else the date from which "
                          "every audit is expected to use the new edition)."))
@option("--capacity", type=click.FloatRange(min=0.1), default=None,
        metavar="PERSON_DAYS_PER_MONTH",
        help=lazy_gettext("Person-days a month available for the work (default from the "
                          "model)."))
@option("--start-date", type=DATE, default=None,
        help=lazy_gettext("Day the roadmap starts, YYYY-MM-DD (default today)."))
@option("--organisation", default="",
        help=lazy_gettext("Organisation name shown in the output."))
@option("--json", "as_json", is_flag=True, help=lazy_gettext("Print the result as JSON."))
@certification_options
def score_command(answers_path: Path, qid: str | None, model_path: Path | None,
                  target_date: datetime | None, capacity: float | None,
                  start_date: datetime | None, organisation: str, as_json: bool,
                  not_certified: bool, next_audit: datetime | None,
                  certificate_expiry: datetime | None) -> None:
    from gapassess.domain.engine import OrgProfile, assess
    from gapassess.domain.engine.terminal_summary import summary_lines

    model = model_option(model_path)
    questionnaire = questionnaire_option(qid)
    answers = answers_file(answers_path, questionnaire, _("nothing scored"))
    cert = certification(not_certified, next_audit, certificate_expiry)
    profile = OrgProfile(name=organisation, target_date=day(target_date), capacity=capacity,
                         start_date=day(start_date), **({"certification": cert} if cert else {}))
    result = assess(questionnaire, answers, model=model, profile=profile)
    if as_json:
        click.echo(result.to_json())
    else:
        click.echo("\n".join(summary_lines(result, questionnaire.title)))


@click.command("template", help=lazy_gettext(
    "Write the answers workbook (one row per item, drop-downs, instructions) to fill "
    "offline.\n\nScore it afterwards with `gapassess score --answers FILE`."))
@option("--questionnaire", "qid", default=None, metavar="ID", help=QUESTIONNAIRE_HELP)
@option("--output", "-o", required=True, type=click.Path(path_type=Path),
        help=lazy_gettext("Workbook to write (.xlsx)."))
def template_command(qid: str | None, output: Path) -> None:
    from gapassess.domain.workbook import write_template

    if output.suffix.lower() != ".xlsx":
        fail([_("error: %(path)s: the workbook must have the .xlsx extension", path=output)])
    if not output.parent.is_dir():
        fail([_("error: %(path)s: folder does not exist", path=output.parent)])
    questionnaire = questionnaire_option(qid)
    try:
        write_template(questionnaire, output)
    except OSError as exc:
        fail([_("error: %(path)s: cannot be written (%(reason)s)", path=output,
                reason=exc.strerror or exc)])
    # TRANSLATORS: the English says "items" whatever the number.
    click.echo(ngettext("Wrote the answers workbook for '%(questionnaire)s' (%(num)d items) "
                        "to %(path)s",
                        "Wrote the answers workbook for '%(questionnaire)s' (%(num)d items) "
                        "to %(path)s", len(questionnaire.items), questionnaire=questionnaire.id,
                        path=output))


def register(group: click.Group) -> None:
    """Add `score` and `template` to the `gapassess` group."""
    group.add_command(score_command)
    group.add_command(template_command)
