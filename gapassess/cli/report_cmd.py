"""`gapassess report`: the Word report, from the database or offline from an answers file."""

from __future__ import annotations

import dataclasses
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
    reports_dir,
)
from gapassess.i18n import _, lazy_gettext


def register(group: click.Group) -> None:
    group.add_command(report_command)


@click.command("report", help=lazy_gettext(
    "Write the Word report for ASSESSMENT_ID (from the database) or for --answers FILE.\n\n"
    "Offline: gapassess report --answers FILE --org NAME -o FILE.docx. The planning options "
    "(--target-date, --capacity, --start-date) override the stored profile in database mode. "
    "Exits with status 2 and a message naming the file when an input cannot be used."))
@click.argument("assessment_id", required=False, type=int)
@option("--answers", "answers_path", type=click.Path(path_type=Path), default=None,
        help=lazy_gettext("Answers file (.csv or .xlsx): build the report offline, without "
                          "the database."))
@option("--org", "org", default=None, metavar="NAME",
        help=lazy_gettext("Organisation name (required with --answers)."))
@option("--target-date", type=DATE, default=None,
        help=lazy_gettext("Target audit date, YYYY-MM-DD."))
@option("--capacity", type=click.FloatRange(min=0.1), default=None,
        metavar="PERSON_DAYS_PER_MONTH",
        help=lazy_gettext("Person-days a month for the transition."))
@option("--start-date", type=DATE, default=None,
        help=lazy_gettext("Day the roadmap starts, YYYY-MM-DD (default today)."))
@option("--questionnaire", "qid", default=None, metavar="ID",
        help=lazy_gettext("Questionnaire id (default iso9001-2026) or path, with --answers."))
@option("--model", "model_path", type=click.Path(path_type=Path), default=None,
        help=lazy_gettext("Scoring model YAML file (default: the organisation's model in "
                          "database mode, else GAPASSESS_SCORING_MODEL or the shipped model)."))
@option("--template", "template", type=click.Path(path_type=Path), default=None,
        help=lazy_gettext("Word template (.docx) whose styles, header and logo the report "
                          "uses."))
@option("--country", default=None, metavar="CODE",
        help=lazy_gettext("Country (ISO 3166 alpha-2, e.g. DE) whose public holidays are not "
                          "working days; \"\" for none."))
@option("--shutdown", "shutdowns", multiple=True, metavar="START:END",
        help=lazy_gettext("Company shutdown, YYYY-MM-DD:YYYY-MM-DD (or \"START to END "
                          "label\"); repeat for more. No action starts or ends on one."))
@option("--scenario", "scenarios", multiple=True, metavar="WHAT_IF",
        help=lazy_gettext("A scenario compared with the plan, e.g. \"capacity=12\", "
                          "\"target=2028-09-30,label=Later audit\" or "
                          "\"outcome-after-audit\"; repeat for up to three (in database "
                          "mode they replace the stored ones)."))
@option("--baseline", "baseline_path", type=click.Path(path_type=Path), default=None,
        help=lazy_gettext("With --answers: an earlier answers file (.csv or .xlsx) to show "
                          "the progress since. In database mode the assessment's own "
                          "baseline is used."))
@option("--title", default=None, help=lazy_gettext("Assessment title on the cover."))
@option("--assessor", default="", help=lazy_gettext(
    "Assessor named on the cover (in database mode, instead of the assessment's)."))
@option("--firm", default="", help=lazy_gettext(
    "The assessor's firm named on the cover (in database mode, instead of the "
    "assessment's)."))
@option("--appendix", is_flag=True, default=False,
        help=lazy_gettext("Add the working papers: every roadmap action and every answer "
                          "with its evidence and notes (left out by default)."))
@option("--output", "-o", type=click.Path(path_type=Path), default=None,
        help=lazy_gettext("Report file to write (default "
                          "reports/<organisation>-<date>.docx)."))
@certification_options
def report_command(assessment_id: int | None, answers_path: Path | None, org: str | None,
                   target_date: datetime | None, capacity: float | None,
                   start_date: datetime | None, qid: str | None, model_path: Path | None,
                   template: Path | None, country: str | None, shutdowns: tuple[str, ...],
                   scenarios: tuple[str, ...], baseline_path: Path | None,
                   title: str | None, assessor: str,
                   firm: str, appendix: bool, output: Path | None, not_certified: bool,
                   next_audit: datetime | None,
                   certificate_expiry: datetime | None) -> None:
    if (assessment_id is None) == (answers_path is None):
        fail([_("error: give either an ASSESSMENT_ID or --answers FILE (not both)")])
    if output is not None and output.suffix.lower() != ".docx":
        fail([_("error: %(path)s: the report must have the .docx extension", path=output)])
    if template is not None:
        _check_template(template)
    if baseline_path is not None and answers_path is None:
        fail([_("error: --baseline FILE goes with --answers; in database mode the "
                "assessment's own baseline is used")])
    overrides = {"target_date": day(target_date), "capacity": capacity,
                 "start_date": day(start_date)}
    calendar = _calendar_options(country, shutdowns)
    what_ifs = _scenario_options(scenarios)
    certificate = {"not_certified": not_certified, "next_audit": next_audit,
                   "certificate_expiry": certificate_expiry}
    if answers_path is not None:
        if not org or not org.strip():
            fail([_("error: --org NAME is required with --answers")])
        cert = certification(not_certified, next_audit, certificate_expiry)
        inputs = _offline_inputs(answers_path, org, qid,
                                 {**overrides, **({"certification": cert} if cert else {})},
                                 title, (assessor, firm))
    else:
        assert assessment_id is not None  # exactly one of the two was checked above
        inputs = _database_inputs(assessment_id, overrides, title, (assessor, firm),
                                  certificate)
    questionnaire, answers, profile, meta, votes, model_name, edits, group_votes = inputs[:8]
    if calendar:
        profile = dataclasses.replace(
            profile, calendar=dataclasses.replace(profile.calendar, **calendar))
    stored = inputs[8] if len(inputs) > 8 else []
    brand = inputs[9] if len(inputs) > 9 else None
    baseline = inputs[10] if len(inputs) > 10 else None
    to_confirm = inputs[11] if len(inputs) > 11 else frozenset()
    if baseline_path is not None:
        baseline = _offline_baseline(baseline_path, questionnaire, profile)
        meta = dataclasses.replace(meta, baseline_title=baseline_path.name)
    model = model_option(model_path, model_name)
    _write(questionnaire, answers, profile, meta, (votes, group_votes), edits, model,
           (template, brand), output, what_ifs if what_ifs is not None else stored, appendix,
           baseline, to_confirm)


def _calendar_options(country: str | None, shutdowns: tuple[str, ...]) -> dict:
    """The working-calendar changes --country and --shutdown ask for ({} for none)."""
    from gapassess.domain.working_days import parse_shutdown, supported_countries

    changes: dict = {}
    if country is not None:
        code = country.strip().upper()
        if code and code not in supported_countries():
            fail([_("error: --country %(code)s: not a country code with known public "
                    "holidays (ISO 3166 alpha-2, such as DE, FR or GB)", code=country)])
        changes["country"] = code
    if shutdowns:
        periods = _parsed(shutdowns, parse_shutdown, "--shutdown")
        changes["shutdowns"] = tuple(sorted(periods, key=lambda p: (p.start, p.end)))
    return changes


def _scenario_options(scenarios: tuple[str, ...]):
    """The scenarios of --scenario (None when none was given)."""
    from gapassess.domain.engine.scenarios import MAX_SCENARIOS, parse_scenario

    if not scenarios:
        return None
    if len(scenarios) > MAX_SCENARIOS:
        fail([_("error: --scenario: at most %(count)s scenarios", count=MAX_SCENARIOS)])
    return _parsed(scenarios, parse_scenario, "--scenario")


def _parsed(texts, parse, option: str) -> list:
    """Each of an option's values read by ``parse``; the first it refuses ends the command
    with a message naming the option, the value and what is wrong."""
    found = []
    for text in texts:
        try:
            found.append(parse(text))
        except ValueError as exc:
            fail([_("error: %(option)s %(text)s: %(problem)s", option=option, text=text,
                    problem=exc)])
    return found


def _offline_baseline(path: Path, questionnaire, profile):
    """(questionnaire, answers, profile) of the --baseline answers file: the same bank and
    organisation as the report's answers."""
    return questionnaire, answers_file(path, questionnaire, _("no report written")), profile


def _check_template(template: Path) -> None:
    if not template.is_file():
        fail([_("error: %(path)s: template file not found", path=template)])


def _offline_inputs(answers_path: Path, org: str, qid: str | None, overrides: dict,
                    title: str | None, by: tuple[str, str]):
    from gapassess.domain.engine import OrgProfile
    from gapassess.domain.report import ReportMeta

    questionnaire = questionnaire_option(qid)
    answers = answers_file(answers_path, questionnaire, _("no report written"))
    profile = OrgProfile(name=org, **overrides)
    # an empty title is the bank's title
    meta = ReportMeta(organisation=org, assessor=by[0], firm=by[1], title=title or "")
    return questionnaire, answers, profile, meta, None, "", {}, None


def _database_inputs(assessment_id: int, overrides: dict, title: str | None,
                     by: tuple[str, str], certificate: dict):
    """The stored inputs; ``by`` is (--assessor, --firm), each replacing the stored one
    when given."""
    from flask import current_app
    from flask.cli import ScriptInfo

    ctx = click.get_current_context()
    if current_app:
        # Flask types current_app as the app itself, not as the proxy it is
        app = current_app._get_current_object()  # type: ignore[attr-defined]
    else:
        app = ctx.ensure_object(ScriptInfo).load_app()
    with app.app_context():
        from gapassess.db.inputs import AssessmentNotFound, load_report_inputs
        from gapassess.domain.dates import DateRangeError
        from gapassess.web.database import get_session

        try:
            inputs = load_report_inputs(get_session(), assessment_id, assessor=by[0],
                                        firm=by[1])
        except (AssessmentNotFound, DateRangeError) as exc:
            fail([_("error: %(problem)s", problem=exc)])
    changes = {k: v for k, v in overrides.items() if v is not None}
    stored = inputs.profile.certification  # the options change only what they name
    changed = dataclasses.replace(
        stored, **({"status": "not-certified"} if certificate["not_certified"] else {}),
        **{name: day(certificate[name]) for name in ("next_audit", "certificate_expiry")
           if certificate[name] is not None})
    if changed != stored:
        changes["certification"] = changed
    profile = dataclasses.replace(inputs.profile, **changes) if changes else inputs.profile
    meta = dataclasses.replace(inputs.meta, title=title) if title else inputs.meta
    return (inputs.questionnaire, inputs.answers, profile, meta, inputs.votes,
            inputs.model_name, inputs.edits, inputs.group_votes, inputs.scenarios,
            inputs.brand, inputs.baseline, inputs.to_confirm)


def _notice(message: str) -> None:
    click.echo(_("note: %(note)s", note=message), err=True)


def _write(questionnaire, answers, profile, meta, all_votes, edits, model, look,
           output, scenarios=(), appendix: bool = False, baseline=None,
           to_confirm=frozenset()) -> None:
    """Build the report (see build_document) and save it to ``output``."""
    result, document = build_document(questionnaire, answers, profile, meta, all_votes,
                                      edits, model, look, scenarios, appendix, baseline,
                                      to_confirm)
    _save(document, output, meta, result, to_confirm)


def build_document(questionnaire, answers, profile, meta, all_votes, edits, model, look,
                   scenarios=(), appendix: bool = False, baseline=None,
                   to_confirm=frozenset()) -> tuple:
    """(the result with the roadmap's edits, the Word document) of the inputs; a problem
    with them or with the template ends the command with a message.

    ``all_votes``: (votes with names, votes with groups), either None; ``edits``: the
    roadmap's edits by action id (owner, agreed due date, status, notes); ``look``:
    (--template or None, the stored ReportBrand or None), --template replacing the stored
    template; ``scenarios`` the what-ifs compared with the plan; ``appendix`` adds the
    working papers; ``baseline`` (questionnaire, answers, profile) of the earlier
    assessment progress is shown from, scored with the same model; ``to_confirm`` the
    items whose carried answer is not yet confirmed (the report says how much rests on
    them)."""
    from contextlib import nullcontext

    from gapassess.domain.engine import assess
    from gapassess.domain.engine.owners import with_chosen_edits
    from gapassess.domain.engine.scenarios import compare
    from gapassess.domain.report import ReportTemplateError, build_report
    from gapassess.domain.report.template import template_file

    try:
        planned = assess(questionnaire, answers, model=model, profile=profile)
        result = with_chosen_edits(planned, edits)
        # Scenarios compare plans as the scheduler makes them: the current one unedited,
        # as on the roadmap page (web/results/scenarios_view.outcomes_for).
        outcomes = compare(questionnaire, answers, model, profile, scenarios,
                           current=planned) if scenarios else []
        before = (assess(baseline[0], baseline[1], model=model, profile=baseline[2])
                  if baseline else None)
    except ValueError as exc:
        fail([_("error: %(problem)s", problem=exc)])
    template, brand = look
    stored = brand.template if brand is not None and template is None else None
    try:
        with template_file(stored) if stored else nullcontext(template) as chosen:
            document = build_report(result, questionnaire, answers, meta, template=chosen,
                                    votes=all_votes[0], group_votes=all_votes[1],
                                    on_notice=_notice, scenarios=outcomes,
                                    branding=brand.branding if brand else None,
                                    appendix=appendix, baseline=before,
                                    to_confirm=to_confirm)
    except ReportTemplateError as exc:
        fail([_("error: %(problem)s", problem=exc)])
    return result, document


def _save(document, output, meta, result, to_confirm) -> None:
    """Save the document to ``output`` (default reports/<organisation>-<date>.docx) and
    say where, with how much of it rests on unconfirmed carried answers."""
    from gapassess.domain.report import save_report
    from gapassess.domain.report.text import slug

    if output is None:
        output = reports_dir() / f"{slug(meta.organisation)}-{meta.report_date()}.docx"
    try:
        path = save_report(document, output)
    except OSError as exc:
        fail([_("error: %(path)s: cannot be written (%(reason)s)", path=output,
                reason=exc.strerror or exc)])
    click.echo(_("Report written to %(path)s", path=path.resolve()))
    from gapassess.domain.carry import rests_on_carried

    summary = rests_on_carried(result.items, to_confirm)
    if summary:
        click.echo(summary)
