from wtforms import (
    DateField,
    EmailField,
    FloatField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from gapassess.db.models import CERTIFICATION_STATUSES, ROLES
from gapassess.domain.working_days import (
    ShutdownError,
    country_name,
    parse_shutdowns,
    shutdowns_text,
    supported_countries,
)
from gapassess.i18n import _, lazy_gettext
from gapassess.web.form_choices import choice
from gapassess.web.form_dates import DateInRange
from gapassess.web.form_numbers import capacity_range
from gapassess.web.page_form import PageForm
from gapassess.web.password_form import NewPasswordForm

CERTIFICATION_LABELS = {
    "certified-2015": lazy_gettext("Certified to ISO 9001:2015"),
    "certified-2026": lazy_gettext("Certified to ISO 9001:2026"),
    "not-certified": lazy_gettext("Not certified"),
    "in-progress": lazy_gettext("Certification in progress"),
}
INSTALLATION_MODEL = lazy_gettext("The installation's scoring model")
# The roles by name only (the role menu of each member).
ROLE_NAMES = {
    "consultant": lazy_gettext("Consultant"),
    "assessor": lazy_gettext("Assessor"),
    "viewer": lazy_gettext("Viewer"),
}
# TRANSLATORS: a role inside a sentence ("You joined as assessor.").
ROLE_WORDS = {
    "consultant": lazy_gettext("consultant"),
    "assessor": lazy_gettext("assessor"),
    "viewer": lazy_gettext("viewer"),
}
ROLE_LABELS = {
    "consultant": lazy_gettext("Consultant (manages the organisation and its people)"),
    "assessor": lazy_gettext("Assessor (answers questions)"),
    "viewer": lazy_gettext("Viewer (reads only)"),
}


class OrganisationForm(PageForm):
    name = StringField(
        lazy_gettext("Name"),
        validators=[
            DataRequired(message=lazy_gettext("Give the organisation a name.")), Length(max=200)
        ],
    )
    sector = StringField(
        lazy_gettext("Sector"),
        validators=[Length(max=120)],
        description=lazy_gettext("e.g. Manufacturing"),
    )
    size = StringField(
        lazy_gettext("Size (people)"),
        validators=[Length(max=40)],
        description=lazy_gettext("e.g. 50-249"),
    )
    sites = IntegerField(
        lazy_gettext("Number of sites"),
        default=1,
        validators=[
            InputRequired(message=lazy_gettext("Enter a whole number of sites, at least 1.")),
            NumberRange(min=1, max=100000),
        ],
    )
    certification_status = SelectField(
        lazy_gettext("Certification status"),
        choices=[choice(value, CERTIFICATION_LABELS[value]) for value in CERTIFICATION_STATUSES],
    )
    certification_body = StringField(lazy_gettext("Certification body"),
                                     validators=[Length(max=200)])
    certificate_expiry = DateField(lazy_gettext("Certificate expiry date"),
                                   validators=[Optional(), DateInRange()])
    next_audit_date = DateField(
        lazy_gettext("Next certification audit"),
        validators=[Optional(), DateInRange()],
        description=lazy_gettext(
            "The next surveillance or recertification audit already scheduled; without a "
            "target date the roadmap aims at it."
        ),
    )
    target_audit_date = DateField(
        lazy_gettext("Target audit date"),
        validators=[Optional(), DateInRange()],
        description=lazy_gettext(
            "When the certification body is due to audit against the 2026 edition (the "
            "transition audit, or the initial certification audit)."
        ),
    )
    cb_transition_end = DateField(
        lazy_gettext("End of transition, from your certification body"),
        validators=[Optional(), DateInRange()],
        description=lazy_gettext(
            "Only if your certification body gave you a date; otherwise the expected date "
            "is used and reports say it is expected."
        ),
    )
    cb_all_audits_date = DateField(
        lazy_gettext("All audits on the 2026 edition from, from your certification body"),
        validators=[Optional(), DateInRange()],
        description=lazy_gettext("Only if your certification body gave you a date."),
    )
    capacity_days_per_month = FloatField(
        lazy_gettext("Improvement capacity (person-days per month)"),
        default=8.0,
        validators=[
            InputRequired(
                message=lazy_gettext("Enter the person-days per month available for improvement.")
            ),
            capacity_range(),
        ],
        description=lazy_gettext(
            "Time people can spend on closing gaps each month; the roadmap uses it."
        ),
    )
    scoring_model = SelectField(
        lazy_gettext("Scoring model"),
        choices=[choice("", INSTALLATION_MODEL)],
        default="",
        description=lazy_gettext(
            "The thresholds, weights and roadmap rules results are scored with: the "
            "installation's model, or a model file from its scoring model folders."
        ),
    )
    country = SelectField(
        lazy_gettext("Country for public holidays"),
        choices=[],
        default="",
        description=lazy_gettext(
            "The roadmap starts and ends no action on this country's national public "
            "holidays; none chosen: Monday to Friday only."
        ),
    )
    shutdown_periods = TextAreaField(
        lazy_gettext("Company shutdown periods"),
        validators=[Length(max=4000)],
        description=lazy_gettext(
            "One period a line: first and last day, then a label if you like, for example "
            "2026-12-24 to 2027-01-01 Christmas shutdown. No action starts or ends on them."
        ),
    )
    submit = SubmitField(lazy_gettext("Save organisation"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        names = sorted(((country_name(code), code) for code in supported_countries()),
                       key=lambda pair: pair[0].casefold())
        self.country.choices = [choice("", _("None (Monday to Friday only)"))] + [
            choice(code, name) for name, code in names]

    def validate_shutdown_periods(self, field) -> None:
        try:
            parse_shutdowns(field.data or "")
        except ShutdownError as exc:
            raise ValidationError(" ".join(exc.problems)) from None

    def validate_cb_all_audits_date(self, field) -> None:
        end = self.cb_transition_end.data
        if field.data and end and field.data > end:
            raise ValidationError(_("This date cannot come after the end of the transition "
                                    "(%(end)s).", end=end.isoformat()))

    def fill_model_choices(self, names: list[str]) -> None:
        """The installation's model and every model file; a stored name that is no longer
        there stays selectable, so saving other fields does not fail on it."""
        current = self.scoring_model.data or ""
        listed = [*names, current] if current and current not in names else names
        self.scoring_model.choices = [choice("", INSTALLATION_MODEL)] + [
            # TRANSLATORS: a scoring model file named by the organisation is missing.
            choice(name, name if name in names else _("%(name)s (file not found)", name=name))
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
            "next_audit_date": self.next_audit_date.data,
            "cb_transition_end": self.cb_transition_end.data,
            "cb_all_audits_date": self.cb_all_audits_date.data,
            "target_audit_date": self.target_audit_date.data,
            "capacity_days_per_month": float(self.capacity_days_per_month.data),
            "scoring_model": self.scoring_model.data or "",
            "country": self.country.data or "",
            "shutdown_periods": shutdowns_text(parse_shutdowns(self.shutdown_periods.data or "")),
        }


class InviteForm(PageForm):
    email = EmailField(
        lazy_gettext("Email address"),
        validators=[DataRequired(message=lazy_gettext("Enter an email address.")), Length(max=254)],
    )
    role = SelectField(
        lazy_gettext("Role"), choices=[choice(r, ROLE_LABELS[r]) for r in ROLES], default="assessor"
    )
    submit = SubmitField(lazy_gettext("Invite"))


class RoleForm(PageForm):
    role = SelectField(lazy_gettext("Role"), choices=[choice(r, ROLE_NAMES[r]) for r in ROLES])
    submit = SubmitField(lazy_gettext("Change role"))


class ConfirmForm(PageForm):
    """A button that only needs the CSRF token (remove, revoke, join)."""

    submit = SubmitField(lazy_gettext("Confirm"))


class RegisterForm(NewPasswordForm):
    name = StringField(
        lazy_gettext("Your name"),
        validators=[DataRequired(message=lazy_gettext("Enter your name.")), Length(max=200)],
    )
    submit = SubmitField(lazy_gettext("Create account and join"))
