"""Organisations: create, profile, edit; the site admin's overview."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_login import current_user, login_required

from gapassess.db import accounts, organisations
from gapassess.db.inputs import calendar_for
from gapassess.domain.scoring_model import ScoringModelError
from gapassess.domain.working_days import describe
from gapassess.i18n import _
from gapassess.web.access import org_access, site_admin_required
from gapassess.web.database import get_session
from gapassess.web.orgs import bp
from gapassess.web.orgs.forms import CERTIFICATION_LABELS, OrganisationForm
from gapassess.web.services.scoring_models import model_names, model_settings


def _model_usable(form: OrganisationForm) -> bool:
    """A chosen model file must load; otherwise its problems (file, line, field) show on
    the field and nothing is saved."""
    try:
        model_settings().load(form.scoring_model.data or None)
    except ScoringModelError as exc:
        form.scoring_model.errors = [*form.scoring_model.errors, *exc.problems]
        return False
    return True


@bp.route("/orgs/new", methods=["GET", "POST"])
@login_required
def create():
    form = OrganisationForm()
    form.fill_model_choices(model_names())
    if form.validate_on_submit() and _model_usable(form):
        session = get_session()
        org = organisations.create_organisation(session, form.values(), creator=current_user)
        session.commit()
        flash(_("Organisation “%(name)s” created. You are its consultant.", name=org.name),
              "success")
        return redirect(url_for("orgs.profile", org_id=org.id))
    return render_template("orgs/edit.html", form=form, org=None)


@bp.route("/orgs/<int:org_id>")
@org_access("viewer")
def profile(org_id: int):
    session = get_session()
    return render_template(
        "orgs/profile.html",
        org=g.org,
        role=g.role,
        assessments=accounts.visible_assessments(session, current_user, org_id),
        certification_labels=CERTIFICATION_LABELS,
        working_days=describe(calendar_for(g.org)),
    )


@bp.route("/orgs/<int:org_id>/edit", methods=["GET", "POST"])
@org_access("consultant")
def edit(org_id: int):
    form = OrganisationForm(obj=g.org)
    form.fill_model_choices(model_names())
    if form.validate_on_submit() and _model_usable(form):
        session = get_session()
        changed = organisations.update_organisation(
            session, g.org, form.values(), user=current_user
        )
        session.commit()
        if changed:
            flash(_("Organisation profile saved."), "success")
        else:
            flash(_("No changes to save."), "info")
        return redirect(url_for("orgs.profile", org_id=org_id))
    return render_template("orgs/edit.html", form=form, org=g.org)


@bp.route("/admin")
@site_admin_required
def admin():
    session = get_session()
    return render_template(
        "orgs/admin.html",
        organisations=organisations.all_organisations(session),
        users=organisations.all_users(session),
    )
