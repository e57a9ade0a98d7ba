"""Report branding: an organisation's (its consultants) and the consultant firm's (the site
admin), used by reports of organisations with none of their own."""

from __future__ import annotations

import base64
from urllib.parse import quote

from flask import flash, g, redirect, render_template, url_for
from flask_login import current_user

from gapassess.db import brands
from gapassess.domain.report.branding import MAX_LOGO_BYTES, BrandingError, check_logo
from gapassess.domain.report.template import (
    MAX_TEMPLATE_BYTES,
    ReportTemplateError,
    check_template,
    template_file,
)
from gapassess.i18n import _
from gapassess.web.access import org_access, site_admin_required
from gapassess.web.database import get_session
from gapassess.web.orgs import bp
from gapassess.web.orgs.brand_form import BrandForm
from gapassess.web.uploads import shown_name

DEFAULT_TEMPLATE_NAME = "template.docx"  # i18n: not shown (a file name)
SWATCH = ('<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24">'  # i18n: not shown
          '<rect width="24" height="24" fill="{colour}"/></svg>')


@bp.route("/orgs/<int:org_id>/brand", methods=["GET", "POST"])
@org_access("consultant")
def brand(org_id: int):
    return _brand_page(org_id, back=url_for("orgs.profile", org_id=org_id), org=g.org)


@bp.route("/admin/brand", methods=["GET", "POST"])
@site_admin_required
def firm_brand():
    return _brand_page(None, back=url_for("orgs.admin"), org=None)


def _brand_page(org_id: int | None, back: str, org):
    session = get_session()
    stored = brands.brand_of(session, org_id)
    form = BrandForm(data={name: getattr(stored, name, "") or "" for name in (
        "primary_colour", "accent_colour")})
    if form.validate_on_submit():
        values = _values(form)
        if values is not None:
            changed = brands.save_brand(session, org_id, values, user=current_user)
            session.commit()
            flash(_("Report branding saved.") if changed else _("No changes to save."),
                  "success" if changed else "info")
            return redirect(back)
    status = 400 if form.is_submitted() else 200
    if form.is_submitted():
        flash(_("Nothing was saved: correct the fields marked below (a file chosen has to be "
                "chosen again)."), "error")
    return render_template(
        "orgs/brand.html", form=form, org=org, stored=stored, back=back,
        logo_url=_logo_url(stored), swatches=_swatches(stored),
        firm_used=org_id is not None and brands.effective_brand(session, org_id)[1],
    ), status


def _values(form: BrandForm) -> dict | None:
    """The brand fields to store; None when an uploaded file is refused (its field then
    holds the message)."""
    values: dict = {"primary_colour": form.primary_colour.data or "",
                    "accent_colour": form.accent_colour.data or ""}
    ok = True
    if form.logo.data is not None:
        data = form.logo.data.stream.read(MAX_LOGO_BYTES + 1)
        try:
            logo = check_logo(data)
        except BrandingError as exc:
            form.logo.errors = [*form.logo.errors, str(exc)]
            ok = False
        else:
            values.update(logo=logo.data, logo_type=logo.kind)
    elif form.remove_logo.data:
        values.update(logo=None, logo_type="")
    if form.template.data is not None:
        upload = form.template.data
        name = shown_name(upload, DEFAULT_TEMPLATE_NAME)
        data = upload.stream.read(MAX_TEMPLATE_BYTES + 1)
        problem = _template_problem(data, name)
        if problem:
            form.template.errors = [*form.template.errors, problem]
            ok = False
        else:
            values.update(template=data, template_name=name)
    elif form.remove_template.data:
        values.update(template=None, template_name="")
    return values if ok else None


def _template_problem(data: bytes, name: str) -> str:
    """Why ``data`` cannot be the report's template ("" when it can): the rule the command
    line's --template follows (the content decides, whatever the file's name)."""
    try:
        with template_file(data) as path:
            check_template(path, name)
    except ReportTemplateError as exc:
        return str(exc)
    return ""


def _logo_url(stored) -> str:
    if stored is None or not stored.logo:
        return ""
    kind = "jpeg" if stored.logo_type == "jpeg" else "png"
    return f"data:image/{kind};base64,{base64.b64encode(stored.logo).decode('ascii')}"


def _swatches(stored) -> dict[str, str]:
    """A small square of each stored colour, as an image the page's policy allows."""
    out = {}
    for name in ("primary_colour", "accent_colour"):
        colour = getattr(stored, name, "") if stored is not None else ""
        if colour:
            out[name] = "data:image/svg+xml," + quote(SWATCH.format(colour=colour))
    return out
