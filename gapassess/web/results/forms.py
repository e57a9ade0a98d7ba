"""Forms of the results area: one roadmap action's edit, and a workbook upload."""

from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from gapassess.db.models import ROADMAP_STATUSES
from gapassess.i18n import lazy_gettext
from gapassess.web.form_dates import DateInRange
from gapassess.web.page_form import PageForm
from gapassess.web.results.roadmap_view import STATUS_LABELS

try:  # WTForms 3.3 names choices with SelectChoice and deprecates tuples
    from wtforms import SelectChoice
except ImportError:  # pragma: no cover - older WTForms
    SelectChoice = None

UPLOAD_SUFFIXES = ["xlsx", "xlsm", "csv"]
STATUS_CHOICES = [
    SelectChoice(s, STATUS_LABELS[s]) if SelectChoice else (s, STATUS_LABELS[s])
    for s in ROADMAP_STATUSES
]


class ActionEditForm(PageForm):
    action_id = HiddenField(validators=[DataRequired(), Length(max=160)])
    owner = StringField(lazy_gettext("Owner"), validators=[Optional(), Length(max=200)])
    due = DateField(lazy_gettext("Agreed due date"), validators=[Optional(), DateInRange()])
    status = SelectField(lazy_gettext("Status"), choices=STATUS_CHOICES, default="planned")
    notes = TextAreaField(lazy_gettext("Notes"), validators=[Optional(), Length(max=4000)])
    submit = SubmitField(lazy_gettext("Save"))


class UploadForm(PageForm):
    workbook = FileField(
        lazy_gettext("Filled-in workbook"),
        validators=[
            FileRequired(lazy_gettext("Choose the workbook file to upload.")),
            FileAllowed(UPLOAD_SUFFIXES, "Upload the workbook as .xlsx (or answers as .csv)."),
        ],
    )
    submit = SubmitField(lazy_gettext("Upload and save answers"))


def edit_forms(view, failed: ActionEditForm | None = None) -> dict[str, ActionEditForm]:
    """One edit form per roadmap action, filled from its stored edit; ``failed`` (a form
    that did not validate) replaces its action's form so its errors show."""
    forms = {}
    for phase in view.phases:
        for row in phase.actions:
            edit = row.edit
            data = {
                "action_id": row.action.id,
                "owner": edit.owner if edit else "",
                "due": edit.due if edit else None,
                "status": edit.status if edit else "planned",
                "notes": edit.notes if edit else "",
            }
            forms[row.action.id] = ActionEditForm(formdata=None, data=data)
    if failed is not None:
        forms[failed.action_id.data] = failed
    return forms
