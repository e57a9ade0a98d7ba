"""Evidence files of an item: upload, download, delete, and the assessment's expired ones.

Viewers may list and download; assessors upload and delete. Every file is looked up
within the assessment (and so the organisation) the URL names: another organisation's
file id is "not found".
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from flask import (
    Response,
    abort,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from gapassess.db import evidence
from gapassess.db.evidence_store import CHUNK, StoreError
from gapassess.domain.dates import DateRangeError, check_date
from gapassess.domain.evidence import EvidenceRefused, mb_limit, served_type
from gapassess.domain.questionnaire.numbering import top_clause
from gapassess.i18n import _
from gapassess.web.access import assessment_access
from gapassess.web.assess import bp
from gapassess.web.config import upload_request_bytes
from gapassess.web.database import get_session
from gapassess.web.services import evidence as evidence_service
from gapassess.web.services.banks import bank_for

FETCH_HEADER = "X-Requested-With"  # i18n: not shown
FETCH = "fetch"  # i18n: not shown


def _item_or_404(item_id: str):
    questionnaire = bank_for(g.assessment)
    if item_id not in questionnaire.item_ids:
        abort(404)
    return questionnaire.item(item_id)


def _back_to(item) -> str:
    return url_for("assess.clause", assessment_id=g.assessment.id,
                   clause=top_clause(item.clause)) + f"#item-{item.id}"


def _answer(item, message: str, category: str, status: int):
    """A flashed message and the way back to the item, or JSON for the page script."""
    if request.headers.get(FETCH_HEADER) == FETCH:
        return jsonify(ok=category == "success", message=message), status
    flash(message, category)
    return redirect(_back_to(item))


def _date(field: str, label: str) -> date | None:
    """The form's date ``field`` (None when blank); whether one is required is
    domain/evidence.check_dates's rule."""
    raw = (request.form.get(field) or "").strip()
    if not raw:
        return None
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        raise EvidenceRefused(_("%(field)s: %(value)s is not a date (YYYY-MM-DD).",
                                field=label, value=raw[:40])) from None
    try:
        return check_date(value, label)
    except DateRangeError as exc:
        raise EvidenceRefused(exc.message) from None


@bp.route("/assessments/<int:assessment_id>/items/<item_id>/evidence", methods=["POST"])
@assessment_access("assessor")
def evidence_upload(assessment_id: int, item_id: str):
    item = _item_or_404(item_id)
    limits = evidence_service.limits()
    if (request.content_length or 0) > upload_request_bytes(limits.max_bytes):
        return _answer(item, _(
            "The file was refused: files may be at most %(limit)s MB.",
            limit=mb_limit(limits.max_bytes)), "error", 413)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _answer(item, _("Evidence files, item %(item)s: choose a file to upload.",
                               item=item.id), "error", 400)
    session = get_session()
    try:
        row = evidence.add_file(
            session, evidence_service.store(), assessment=g.assessment, item_id=item.id,
            name=upload.filename, stream=upload.stream,
            evidence_date=_date("evidence_date", _("Evidence date")),
            expires_on=_date("expires_on", _("Expires on")),
            user=current_user, limits=limits, scanner=evidence_service.scanner())
        session.commit()
    except evidence.AssessmentFinal as exc:
        session.rollback()
        return _answer(item, str(exc), "error", 409)
    except EvidenceRefused as exc:
        session.rollback()
        return _answer(item, _("Item %(item)s: %(problem)s", item=item.id, problem=str(exc)),
                       "error", 400)
    except StoreError:
        session.rollback()
        return _answer(item, _("Item %(item)s: the file could not be stored, so nothing was "
                               "saved; try again.", item=item.id), "error", 503)
    return _answer(item, _("%(file)s added to the evidence of item %(item)s.",
                           file=row.filename, item=item.id), "success", 200)


def _file_or_404(file_id: int):
    row = evidence.find(get_session(), g.assessment, file_id)
    if row is None:
        abort(404)
    return row


def content_disposition(name: str) -> str:
    """``attachment`` with an ASCII fallback name and the exact one (RFC 5987/6266)."""
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\;%' else "_" for c in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@bp.route("/assessments/<int:assessment_id>/evidence/<int:file_id>")
@assessment_access("viewer")
def evidence_download(assessment_id: int, file_id: int):
    row = _file_or_404(file_id)
    try:
        handle = evidence_service.store().open(row.storage_key)
    except StoreError:
        abort(404)

    def body():
        try:
            while piece := handle.read(CHUNK):
                yield piece
        finally:
            handle.close()

    response = Response(body(), mimetype=served_type(row.content_type))
    response.headers["Content-Disposition"] = content_disposition(row.filename)
    response.headers["Content-Length"] = str(row.size)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.route("/assessments/<int:assessment_id>/evidence/<int:file_id>/delete", methods=["POST"])
@assessment_access("assessor")
def evidence_delete(assessment_id: int, file_id: int):
    row = _file_or_404(file_id)
    item = _item_or_404(row.item_id)
    session = get_session()
    try:
        key = evidence.delete_file(session, g.assessment, row, current_user)
    except evidence.AssessmentFinal as exc:
        session.rollback()
        return _answer(item, str(exc), "error", 409)
    session.commit()
    evidence.forget_bytes(evidence_service.store(), [key])
    return _answer(item, _("%(file)s deleted from the evidence of item %(item)s; the item's "
                           "history still names it.", file=row.filename, item=item.id),
                   "success", 200)


@bp.route("/assessments/<int:assessment_id>/evidence/expired")
@assessment_access("viewer")
def evidence_expired(assessment_id: int):
    questionnaire = bank_for(g.assessment)
    rows = evidence.expired_files(get_session(), g.assessment.id, date.today())
    items = {r.item_id: questionnaire.item(r.item_id) for r in rows
             if r.item_id in questionnaire.item_ids}
    return render_template("assess/evidence_expired.html", assessment=g.assessment,
                           org=g.org, rows=rows, items=items, top_clause=top_clause)
