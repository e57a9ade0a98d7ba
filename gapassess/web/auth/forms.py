from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length

from gapassess.i18n import lazy_gettext
from gapassess.web.page_form import PageForm
from gapassess.web.password_form import NewPasswordForm


class LoginForm(PageForm):
    email = EmailField(lazy_gettext("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(lazy_gettext("Password"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(lazy_gettext("Log in"))


class LogoutForm(PageForm):
    submit = SubmitField(lazy_gettext("Log out"))


class PasswordChangeForm(NewPasswordForm):
    current = PasswordField(
        lazy_gettext("Current password"),
        validators=[DataRequired(message=lazy_gettext("Enter your current password.")),
                    Length(max=200)],
    )
    submit = SubmitField(lazy_gettext("Change the password"))


class ForgotForm(PageForm):
    email = EmailField(lazy_gettext("Email"), validators=[
        DataRequired(message=lazy_gettext("Enter the email address of your account.")),
        Length(max=254)])
    submit = SubmitField(lazy_gettext("Send me a reset link"))


class EndSessionsForm(PageForm):
    submit = SubmitField(lazy_gettext("Log out everywhere"))
