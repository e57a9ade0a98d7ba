"""Starting an assessment from an earlier one, moving one to a newer bank version, and
undoing either: a preview first (nothing saved), then accept; the rules are in
gapassess.domain.carry, the saving in gapassess.db.carry."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from gapassess.db import carry, evidence
from gapassess.db.carry_preview import build_preview, carried_message
from gapassess.domain.carry import CarryKind
from gapassess.i18n import _
from gapassess.web.access import assessment_access
from gapassess.web.assess import bp
from gapassess.web.assess.forms import CarryForm
from gapassess.web.database import get_session
from gapassess.web.services import evidence as evidence_service

#: A preview group longer than this is folded (the 2.0 bank has 177 items).
FOLD_AFTER = 12


def _default_title(kind: str, source) -> str:
    if kind == "move":
        return source.title
    return _("%(title)s (copy)", title=source.title)


def _kind(value: object) -> CarryKind:
    """The kind of carry asked for; 400 for anything but copy or move."""
    if value == "copy":
        return "copy"
    if value == "move":
        return "move"
    abort(400)


@bp.route("/assessments/<int:assessment_id>/carry", methods=["GET", "POST"],
          endpoint="carry")
@assessment_access("assessor")
def carry_preview(assessment_id: int):
    """GET: what a copy (``kind=copy``) or a move (``kind=move``) to ``version`` would
    carry, saving nothing; POST: accept it and create the new assessment."""
    source = g.assessment
    session = get_session()
    if request.method == "POST":
        form = CarryForm()
    else:
        asked = request.args.get("kind", "copy")
        form = CarryForm(formdata=None, data={
            "kind": asked, "version": request.args.get("version", ""),
            "title": request.args.get("title", "") or _default_title(asked, source)})
    kind = _kind(form.kind.data)
    version = (form.version.data or "").strip() or source.questionnaire_version
    try:
        preview = build_preview(session, source, version=version, kind=kind)
    except carry.CannotCarry as exc:
        return render_template("assess/carry.html", source=source, org=g.org, kind=kind,
                               refusal=str(exc), version=version), 409
    if request.method == "POST" and form.validate():
        new = carry.start_from(session, source, title=form.title.data.strip(),
                               version=preview.version, kind=kind, user=current_user,
                               plan=preview.plan)
        session.commit()
        flash(carried_message(new, preview.plan), "success")
        return redirect(url_for("assess.overview", assessment_id=new.id))
    status = 400 if request.method == "POST" else 200
    return render_template("assess/carry.html", source=source, org=g.org, kind=kind,
                           preview=preview, form=form, version=preview.version,
                           fold_after=FOLD_AFTER), status


@bp.route("/assessments/<int:assessment_id>/discard", methods=["GET", "POST"])
@assessment_access("assessor")
def discard(assessment_id: int):
    """Undo a copy or a move: GET asks (saying what was done since), POST
    deletes the new assessment; the one it was started from stays as it was."""
    assessment = g.assessment
    session = get_session()
    if not assessment.origin_kind:
        flash(_("Only an assessment started from another one can be discarded."), "error")
        return redirect(url_for("assess.overview", assessment_id=assessment.id))
    origin = assessment.origin
    if request.method == "POST":  # CSRFProtect has checked the token
        title = assessment.title
        try:
            keys = carry.discard(session, assessment, user=current_user)
        except carry.CannotCarry as exc:
            flash(_("Nothing was deleted: %(reason)s.", reason=exc), "error")
            return redirect(url_for("assess.overview", assessment_id=assessment.id)), 303
        session.commit()
        evidence.forget_bytes(evidence_service.store(), keys)
        if assessment.origin_kind == "move":
            flash(_("The move was undone: “%(title)s” was deleted.", title=title), "success")
        else:
            flash(_("The copy “%(title)s” was discarded.", title=title), "success")
        if origin is None:
            return redirect(url_for("orgs.profile", org_id=g.org.id))
        return redirect(url_for("assess.overview", assessment_id=origin.id))
    return render_template("assess/discard.html", assessment=assessment, org=g.org,
                           origin=origin,
                           work=carry.work_since_started(session, assessment))
