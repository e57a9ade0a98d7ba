"""Forms of the 2015 gap sheet import: upload, column mapping, accepting the preview (the
value mapping's selects are one per value found, read in import_views)."""

from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from gapassess.domain.import2015 import FIELDS, REQUIRED, column_letter, field_label
from gapassess.i18n import _, lazy_gettext
from gapassess.web.form_choices import choice
from gapassess.web.page_form import PageForm

UPLOAD_SUFFIXES = ["csv", "xlsx", "xlsm"]
NONE = ""


def _default_title() -> str:
    return _("ISO 9001:2026 gap assessment (from the 2015 gap analysis)")


class ImportUploadForm(PageForm):
    sheet_file = FileField(
        lazy_gettext("2015 gap spreadsheet"),
        validators=[
            FileRequired(lazy_gettext("Choose the spreadsheet to upload.")),
            FileAllowed(UPLOAD_SUFFIXES, lazy_gettext("Upload the sheet as .xlsx or .csv.")),
        ],
    )
    sheet = StringField(lazy_gettext("Sheet name (workbooks only)"),
                        validators=[Optional(), Length(max=100)],
                        description=lazy_gettext("Leave empty to read the first sheet."))
    submit = SubmitField(lazy_gettext("Upload and map the columns"))


class ColumnsForm(PageForm):
    clause = SelectField(validate_choice=True)
    status = SelectField(validate_choice=True)
    outcome = SelectField(validate_choice=True)
    evidence = SelectField(validate_choice=True)
    notes = SelectField(validate_choice=True)
    owner = SelectField(validate_choice=True)
    submit = SubmitField(lazy_gettext("Map the values"))

    def fill_choices(self, header: tuple[str, ...]) -> None:
        columns = [choice(str(index), _("%(letter)s: %(header)s", letter=column_letter(index),
                                        header=text or _("(no header)")))
                   for index, text in enumerate(header)]
        for name in FIELDS:
            select = getattr(self, name)
            select.label.text = field_label(name).capitalize()
            select.choices = ([] if name in REQUIRED else [choice(NONE, _("(none)"))]) + columns

    def chosen(self) -> dict[str, int | None]:
        return {name: int(getattr(self, name).data) if getattr(self, name).data not in
                (None, NONE) else None for name in FIELDS}


class AcceptForm(PageForm):
    title = StringField(
        lazy_gettext("Title of the new assessment"),
        validators=[DataRequired(message=lazy_gettext("Give the assessment a title.")),
                    Length(max=200)],
        default=_default_title,
    )
    submit = SubmitField(lazy_gettext("Accept and create the assessment"))
