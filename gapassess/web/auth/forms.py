from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length

from gapassess.i18n import lazy_gettext


class LoginForm(FlaskForm):
    email = EmailField(lazy_gettext("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(lazy_gettext("Password"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(lazy_gettext("Log in"))


class LogoutForm(FlaskForm):
    submit = SubmitField(lazy_gettext("Log out"))
