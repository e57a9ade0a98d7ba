"""A new password typed twice: one form for registering, resetting and changing it."""

from wtforms import PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from gapassess.db.accounts import MIN_PASSWORD_LENGTH
from gapassess.i18n import lazy_gettext, lazy_ngettext
from gapassess.web.page_form import PageForm


class NewPasswordForm(PageForm):
    """A new password typed twice (registering, resetting, changing it)."""

    password = PasswordField(
        lazy_gettext("Choose a password"),
        validators=[
            DataRequired(message=lazy_gettext("Choose a password.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=lazy_ngettext(
                    "Use at least %(num)d character.",
                    "Use at least %(num)d characters.",
                    MIN_PASSWORD_LENGTH,
                ),
            ),
        ],
        description=lazy_ngettext(
            "At least %(num)d character.", "At least %(num)d characters.", MIN_PASSWORD_LENGTH
        ),
    )
    confirm = PasswordField(
        lazy_gettext("Repeat the password"),
        validators=[
            DataRequired(message=lazy_gettext("Repeat the password.")),
            EqualTo("password", message=lazy_gettext("The two passwords differ.")),
        ],
    )
    submit = SubmitField(lazy_gettext("Set the new password"))
