from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    FloatField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, NumberRange, Optional

from gapassess.db.accounts import MIN_PASSWORD_LENGTH
from gapassess.db.models import CERTIFICATION_STATUSES, ROLES
from gapassess.web.form_choices import choice

CERTIFICATION_LABELS = {
    "certified-2015": "Certified to ISO 9001:2015",
    "certified-2026": "Certified to ISO 9001:2026",
    "not-certified": "Not certified",
    "in-progress": "Certification in progress",
}
INSTALLATION_MODEL = "The installation's scoring model"
ROLE_LABELS = {
    "consultant": "Consultant (manages the organisation and its people)",
    "assessor": "Assessor (answers questions)",
    "viewer": "Viewer (reads only)",
}


class OrganisationForm(FlaskForm):
    name = StringField(
        "Name", validators=[DataRequired(message="Give the organisation a name."), Length(max=200)]
    )
    sector = StringField("Sector", validators=[Length(max=120)], description="e.g. Manufacturing")
    size = StringField("Size (people)", validators=[Length(max=40)], description="e.g. 50-249")
    sites = IntegerField(
        "Number of sites",
        default=1,
        validators=[
            InputRequired(message="Enter a whole number of sites, at least 1."),
            NumberRange(min=1, max=100000),
        ],
    )
    certification_status = SelectField(
        "Certification status",
        choices=[choice(value, CERTIFICATION_LABELS[value]) for value in CERTIFICATION_STATUSES],
    )
    certification_body = StringField("Certification body", validators=[Length(max=200)])
    certificate_expiry = DateField("Certificate expiry date", validators=[Optional()])
    target_audit_date = DateField(
        "Target transition audit date",
        validators=[Optional()],
        description="When the certification body is due to audit against the 2026 edition.",
    )
    capacity_days_per_month = FloatField(
        "Improvement capacity (person-days per month)",
        default=8.0,
        validators=[
            InputRequired(message="Enter the person-days per month available for improvement."),
            NumberRange(min=0.5, max=10000, message="Enter a number from 0.5 to 10000."),
        ],
        description="Time people can spend on transition work each month; the roadmap uses it.",
    )
    scoring_model = SelectField(
        "Scoring model",
        choices=[choice("", INSTALLATION_MODEL)],
        default="",
        description="The thresholds, weights and roadmap rules results are scored with: the "
        "installation's model, or a model file from its scoring model folders.",
    )
    submit = SubmitField("Save organisation")

    def fill_model_choices(self, names: list[str]) -> None:
        """The installation's model and every model file; a stored name that is no longer
        there stays selectable, so saving other fields does not fail on it."""
        current = self.scoring_model.data or ""
        listed = [*names, current] if current and current not in names else names
        self.scoring_model.choices = [choice("", INSTALLATION_MODEL)] + [
            choice(name, name if name in names else f"{name} (file not found)")
            for name in listed
        ]

    def values(self) -> dict:
        return {
            "name": self.name.data.strip(),
            "sector": (self.sector.data or "").strip(),
            "size": (self.size.data or "").strip(),
            "sites": self.sites.data,
            "certification_status": self.certification_status.data,
            "certification_body": (self.certification_body.data or "").strip(),
            "certificate_expiry": self.certificate_expiry.data,
            "target_audit_date": self.target_audit_date.data,
            "capacity_days_per_month": float(self.capacity_days_per_month.data),
            "scoring_model": self.scoring_model.data or "",
        }


class InviteForm(FlaskForm):
    email = EmailField(
        "Email address",
        validators=[DataRequired(message="Enter an email address."), Length(max=254)],
    )
    role = SelectField(
        "Role", choices=[choice(r, ROLE_LABELS[r]) for r in ROLES], default="assessor"
    )
    submit = SubmitField("Create invitation link")


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=[choice(r, r.capitalize()) for r in ROLES])
    submit = SubmitField("Change role")


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token (remove, revoke, join)."""

    submit = SubmitField("Confirm")


class RegisterForm(FlaskForm):
    name = StringField(
        "Your name", validators=[DataRequired(message="Enter your name."), Length(max=200)]
    )
    password = PasswordField(
        "Choose a password",
        validators=[
            DataRequired(message="Choose a password."),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=f"Use at least {MIN_PASSWORD_LENGTH} characters.",
            ),
        ],
        description=f"At least {MIN_PASSWORD_LENGTH} characters.",
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[
            DataRequired(message="Repeat the password."),
            EqualTo("password", message="The two passwords differ."),
        ],
    )
    submit = SubmitField("Create account and join")
