"""`gapassess dossier`: the transition dossier (zip) of an assessment in the database."""

from __future__ import annotations

import io
from pathlib import Path

import click

from gapassess.cli.inputs import fail, model_option, option
from gapassess.i18n import _, lazy_gettext


def register(group: click.Group) -> None:
    group.add_command(dossier_command)


@click.command("dossier", help=lazy_gettext(
    "Write the transition dossier of ASSESSMENT_ID: a zip with the Word report, the evidence "
    "index workbook, the evidence files by clause and item and a manifest of checksums. "
    "Exits with status 2 and a message when the assessment is not found."))
@click.argument("assessment_id", type=int)
@option("--output", "-o", type=click.Path(path_type=Path), required=True,
        help=lazy_gettext("Zip file to write (.zip)."))
def dossier_command(assessment_id: int, output: Path) -> None:
    from flask import current_app
    from flask.cli import ScriptInfo

    if output.suffix.lower() != ".zip":
        fail([_("error: %(path)s: the dossier must have the .zip extension", path=output)])
    if current_app:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
    else:
        app = click.get_current_context().ensure_object(ScriptInfo).load_app()
    with app.app_context():
        from gapassess.db.dossier import write_dossier
        from gapassess.db.inputs import AssessmentNotFound, load_report_inputs
        from gapassess.db.models import Assessment
        from gapassess.web.database import get_session
        from gapassess.web.services import evidence

        session = get_session()
        try:
            inputs = load_report_inputs(session, assessment_id)
        except AssessmentNotFound as exc:
            fail([_("error: %(problem)s", problem=exc)])
        result, report = _report(inputs)
        assessment = session.get(Assessment, assessment_id)
        assert assessment is not None  # load_report_inputs found it
        temporary = output.with_name(f".{output.name}.part")
        try:
            with temporary.open("wb") as handle:
                summary = write_dossier(handle, session, evidence.store(), assessment,
                                        questionnaire=inputs.questionnaire,
                                        answers=inputs.answers,
                                        actions=result.roadmap.actions, report=report)
            temporary.replace(output)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            fail([_("error: %(path)s: cannot write the dossier (%(problem)s)", path=output,
                    problem=exc.strerror or exc)])
    for path, problem in summary.problems:
        click.echo(_("problem: %(path)s: %(problem)s", path=path, problem=problem), err=True)
    click.echo(_("Dossier written: %(path)s (%(num)d evidence files)", path=output,
                 num=summary.files))


def _report(inputs) -> tuple:
    """(the result with the roadmap's edits, the Word report's bytes), built from the
    stored inputs as the report command builds them."""
    from gapassess.cli.report_cmd import build_document

    model = model_option(None, inputs.model_name)
    result, document = build_document(
        inputs.questionnaire, inputs.answers, inputs.profile, inputs.meta,
        (inputs.votes, inputs.group_votes), inputs.edits, model, (None, inputs.brand),
        inputs.scenarios, False, inputs.baseline, inputs.to_confirm)
    buffer = io.BytesIO()
    document.save(buffer)
    return result, buffer.getvalue()
