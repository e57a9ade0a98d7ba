"""Downloads (Word report, answers workbook) and the upload of a filled-in workbook."""

from __future__ import annotations

import io
import logging
import re
from datetime import date

from flask import flash, g, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from gapassess.db import roadmap_edits
from gapassess.db.answer_import import import_answers
from gapassess.db.brands import report_brand
from gapassess.db.carry import unconfirmed_ids
from gapassess.db.inputs import group_votes_for, report_meta, review_facts, votes_for
from gapassess.domain.answers_file import AnswersError, read_answers
from gapassess.domain.engine.owners import with_chosen_edits
from gapassess.i18n import _, ngettext
from gapassess.web.access import assessment_access
from gapassess.web.database import get_session
from gapassess.web.results import answer_workbook, bp, scenarios_view
from gapassess.web.results.forms import UploadForm
from gapassess.web.services import scoring
from gapassess.web.uploads import read_upload

log = logging.getLogger(__name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download_name(kind: str, suffix: str) -> str:
    org = re.sub(r"[^A-Za-z0-9]+", "-", g.org.name).strip("-").lower() or "organisation"
    return f"{org}-{kind}-{date.today():%Y-%m-%d}.{suffix}"


@bp.route("/assessments/<int:assessment_id>/report.docx")
@assessment_access("viewer")
def report(assessment_id: int):
    document, _result = report_document(
        appendix=request.args.get("appendix") in ("1", "yes", "on", "true"))
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return send_file(buffer, mimetype=DOCX, as_attachment=True,
                     download_name=_download_name("gap-report", "docx"))


def report_document(appendix: bool = False, scored=None):
    """The Word report of ``g.assessment`` as the report download builds it (also the
    dossier's), and the result it shows (the roadmap with the team's edits); ``scored``
    is the assessment's scoring when the caller has it already."""
    from contextlib import nullcontext

    from gapassess.domain.report.template import template_file

    assessment_id = g.assessment.id
    if scored is None:
        scored = scoring.score(g.assessment)
    # The report shows the roadmap the team edited: owners (the roadmap's, else the item's),
    # agreed due dates, status and notes, by the same rule as the roadmap page.
    result = with_chosen_edits(scored.result,
                               roadmap_edits.action_edits_for(get_session(), assessment_id))
    brand = report_brand(get_session(), g.org)  # the organisation's, else the firm's
    with template_file(brand.template) if brand.template else nullcontext(None) as template:
        document = _build(
            result,
            scored.questionnaire,
            scored.answers,
            report_meta(g.assessment,
                        review=review_facts(get_session(), g.assessment, scored.answers)),
            template=template,
            votes=votes_for(get_session(), assessment_id),
            group_votes=group_votes_for(get_session(), assessment_id),
            appendix=appendix,
            scenarios=scenarios_view.outcomes_for(scored, g.assessment.scenarios),
            branding=brand.branding,
            baseline=_baseline_result(),
            to_confirm=unconfirmed_ids(get_session(), assessment_id),
        )
    return document, result


def _baseline_result():
    """The result of the assessment this one names as its baseline (as on the results
    page), or None."""
    baseline = g.assessment.baseline
    return scoring.score(baseline).result if baseline is not None else None


def _build(*args, template=None, **kwargs):
    """The report with the stored template; with the shipped one should building with the
    stored one fail in any way (it was checked when uploaded, but a rule tightened since, or
    a file the check let through, must not take the download down)."""
    from gapassess.domain.report import build_report

    if template is None:
        return build_report(*args, **kwargs)
    try:
        return build_report(*args, template=template, **kwargs)
    except Exception:  # whatever the stored file makes python-docx raise
        log.warning("stored template failed: the shipped one is used",  # i18n: not shown
                    exc_info=True)
        return build_report(*args, **kwargs)


@bp.route("/assessments/<int:assessment_id>/workbook.xlsx")
@assessment_access("viewer")
def workbook(assessment_id: int):
    scored = scoring.score(g.assessment)
    data = answer_workbook.workbook_bytes(scored.questionnaire, scored.answers)
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=_download_name("answers", "xlsx"))


@bp.route("/assessments/<int:assessment_id>/dossier.zip")
@assessment_access("viewer")
def dossier(assessment_id: int):
    """The transition dossier: the report, the evidence index, the evidence files and the
    manifest, written to a temporary file (on disk once large) and sent from it."""
    import tempfile

    from gapassess.db.dossier import write_dossier
    from gapassess.web.services import evidence

    scored = scoring.score(g.assessment)
    document, result = report_document(scored=scored)
    report_bytes = io.BytesIO()
    document.save(report_bytes)
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    try:
        write_dossier(handle, get_session(), evidence.store(), g.assessment,
                      questionnaire=scored.questionnaire, answers=scored.answers,
                      actions=result.roadmap.actions, report=report_bytes.getvalue())
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return send_file(handle, mimetype="application/zip", as_attachment=True,
                     download_name=_download_name("transition-dossier", "zip"))


@bp.route("/assessments/<int:assessment_id>/workbook/upload", methods=["GET", "POST"])
@assessment_access("assessor")
def upload(assessment_id: int):
    form = UploadForm()
    problems: list[str] = []
    problem_count = 0
    if g.assessment.read_only:
        if form.is_submitted():
            flash(_("Nothing was saved: this assessment is final, so its answers are read-only."),
                  "error")
        status = 409 if form.is_submitted() else 200
        return render_template("results/upload.html", form=None, problems=[],
                               problem_count=0), status
    if form.validate_on_submit():
        questionnaire = scoring.score(g.assessment).questionnaire
        try:
            answers, _shown = read_upload(form.workbook.data, "answers",
                                          lambda path, name: read_answers(path, questionnaire,
                                                                          name))
        except AnswersError as exc:
            problems, problem_count = exc.problems, exc.count
        if not problems:
            session = get_session()
            items = {item.id: item for item in questionnaire.items}
            summary = import_answers(session, g.assessment, answers, user=current_user,
                                     items=items)
            session.commit()
            flash(_summary_text(summary), "success")
            return redirect(url_for("results.overview", assessment_id=assessment_id))
        flash(ngettext("Nothing was saved: the file has %(num)d problem to fix first.",
                       "Nothing was saved: the file has %(num)d problems to fix first.",
                       problem_count), "error")
    status = 400 if form.is_submitted() else 200
    return render_template("results/upload.html", form=form, problems=problems,
                           problem_count=problem_count), status


def _summary_text(summary) -> str:
    """One whole sentence for each combination of what the upload found."""
    values = {"unchanged": summary.unchanged, "blank": summary.blank}
    if summary.unchanged and summary.blank:
        return ngettext(
            "Workbook uploaded: %(num)d answer changed, %(unchanged)d already up to date, "
            "%(blank)d left blank in the file (kept as they were).",
            "Workbook uploaded: %(num)d answers changed, %(unchanged)d already up to date, "
            "%(blank)d left blank in the file (kept as they were).",
            summary.changed, **values)
    if summary.unchanged:
        return ngettext(
            "Workbook uploaded: %(num)d answer changed, %(unchanged)d already up to date.",
            "Workbook uploaded: %(num)d answers changed, %(unchanged)d already up to date.",
            summary.changed, **values)
    if summary.blank:
        return ngettext(
            "Workbook uploaded: %(num)d answer changed, "
            "%(blank)d left blank in the file (kept as they were).",
            "Workbook uploaded: %(num)d answers changed, "
            "%(blank)d left blank in the file (kept as they were).",
            summary.changed, **values)
    return ngettext("Workbook uploaded: %(num)d answer changed.",
                    "Workbook uploaded: %(num)d answers changed.", summary.changed)
