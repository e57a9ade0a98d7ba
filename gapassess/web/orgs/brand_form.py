"""The report branding form: a logo, two colours and a Word template."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import Length, ValidationError

from gapassess.domain.report.branding import (
    MAX_LOGO_BYTES,
    MAX_LOGO_SIDE,
    BrandingError,
    parse_colour,
)
from gapassess.domain.report.template import MAX_TEMPLATE_BYTES
from gapassess.i18n import lazy_gettext
from gapassess.web.page_form import PageForm

KB = 1024


def _colour(field) -> None:
    try:
        field.data = parse_colour(field.data)
    except BrandingError as exc:
        raise ValidationError(str(exc)) from None


class BrandForm(PageForm):
    logo = FileField(
        lazy_gettext("New logo"),
        description=lazy_gettext(
            "A PNG or JPEG image of at most %(size)d KB and %(side)d pixels a side, shown "
            "at the top of the report's cover.", size=MAX_LOGO_BYTES // KB, side=MAX_LOGO_SIDE),
    )
    remove_logo = BooleanField(lazy_gettext("Remove the logo"))
    primary_colour = StringField(
        lazy_gettext("Main colour"),
        validators=[Length(max=20)],
        description=lazy_gettext(
            "The title and chapter headings, as a hex code such as #1F3A5F; empty: the "
            "template's own colour."),
    )
    accent_colour = StringField(
        lazy_gettext("Accent colour"),
        validators=[Length(max=20)],
        description=lazy_gettext(
            "The subtitle and section headings, as a hex code such as #005A8C; empty: the "
            "template's own colour."),
    )
    template = FileField(
        lazy_gettext("New template"),
        description=lazy_gettext(
            "A Word document (.docx) of at most %(size)d MB whose styles, page setup, "
            "header and footer the report takes (see the report documentation).",
            size=MAX_TEMPLATE_BYTES // KB // KB),
    )
    remove_template = BooleanField(lazy_gettext("Remove the template"))
    submit = SubmitField(lazy_gettext("Save branding"))

    def validate_primary_colour(self, field) -> None:
        _colour(field)

    def validate_accent_colour(self, field) -> None:
        _colour(field)
