from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from gapassess.db.models import ASSESSMENT_STATUSES
from gapassess.domain import review
from gapassess.domain.bidi import isolate
from gapassess.i18n import _, lazy_gettext
from gapassess.web.form_choices import choice
from gapassess.web.form_dates import DateInRange
from gapassess.web.page_form import PageForm

NO_BASELINE = "none"
START_BLANK, START_EARLIER = "blank", "earlier"
OWN_VERSION = ""
CARRY_KINDS = ("copy", "move")
# TRANSLATORS: the state of an assessment, shown in brackets after its title.
STATUS_NAMES = {"draft": lazy_gettext("draft"), "final": lazy_gettext("final")}


def _default_title() -> str:
    """The suggested title, in the language of the page (a plain string: it is stored)."""
    return _("ISO 9001:2026 gap assessment")


class NewAssessmentForm(PageForm):
    start = RadioField(
        lazy_gettext("Start from"),
        choices=[choice(START_BLANK, lazy_gettext("a blank questionnaire")),
                 choice(START_EARLIER,
                        lazy_gettext("an earlier assessment of this organisation"))],
        default=START_BLANK,
        validate_choice=False,
    )
    source = SelectField(
        lazy_gettext("Earlier assessment"),
        validate_choice=False,
        description=lazy_gettext(
            "Its answers, evidence, notes and owners are carried, each to confirm; its "
            "scope is kept and it becomes the baseline. Nothing is saved before you accept "
            "the preview."),
    )
    version = SelectField(
        lazy_gettext("Bank version"),
        default=OWN_VERSION,
        validate_choice=False,
        description=lazy_gettext(
            "Newer versions are offered when an upgrade file leads there from the earlier "
            "assessment's version."),
    )
    questionnaire = SelectField(lazy_gettext("Question bank"), validators=[DataRequired()])
    title = StringField(
        lazy_gettext("Title"),
        validators=[
            DataRequired(message=lazy_gettext("Give the assessment a title.")),
            Length(max=200),
        ],
        default=_default_title,
    )
    scope = TextAreaField(
        lazy_gettext("Scope"),
        validators=[Length(max=5000)],
        description=lazy_gettext(
            "Which sites, processes, products or services the assessment covers."
        ),
    )
    baseline = SelectField(
        lazy_gettext("Baseline for comparison"),
        default=NO_BASELINE,
        description=lazy_gettext(
            "An earlier assessment of this organisation to compare results with."
        ),
    )
    submit = SubmitField(lazy_gettext("Create assessment"))

    def fill_choices(self, banks, earlier, newer_versions=()) -> None:
        self.source.choices = [
            choice(str(a.id), _("%(title)s (%(date)s, version %(version)s)", title=a.title,
                                date=a.created_at.strftime("%d %b %Y"),
                                version=a.questionnaire_version))
            for a in earlier
        ]
        self.version.choices = [choice(OWN_VERSION, _("the earlier assessment's own version"))] + [
            choice(version, _("version %(version)s", version=version))
            for version in newer_versions
        ]
        self.questionnaire.choices = [
            choice(
                bank.id,
                _("%(title)s (version %(version)s)", title=bank.title, version=bank.version),
            )
            for bank in banks
        ]
        self.baseline.choices = [choice(NO_BASELINE, _("No baseline"))] + [
            choice(
                str(a.id),
                _(
                    "%(title)s (%(date)s, %(status)s)",
                    title=a.title,
                    date=a.created_at.strftime("%d %b %Y"),
                    status=STATUS_NAMES.get(a.status, a.status),
                ),
            )
            for a in earlier
        ]


class CarryForm(PageForm):
    """Accepting a preview: the new assessment's title; what to carry rides along."""

    title = StringField(
        lazy_gettext("Title of the new assessment"),
        validators=[
            DataRequired(message=lazy_gettext("Give the assessment a title.")),
            Length(max=200),
        ],
    )
    kind = HiddenField(validators=[AnyOf(CARRY_KINDS)])
    version = HiddenField(validators=[Length(max=50)])
    submit = SubmitField(lazy_gettext("Accept and create the assessment"))


class StatusForm(PageForm):
    status = HiddenField(validators=[AnyOf(ASSESSMENT_STATUSES)])
    submit = SubmitField()


class AssessorForm(PageForm):
    """Who ran the assessment, as the report's cover names them."""

    assessor_name = StringField(
        lazy_gettext("Assessor"),
        validators=[Length(max=200)],
        description=lazy_gettext("The person who ran the assessment; empty: not named."),
    )
    assessor_firm = StringField(
        lazy_gettext("Firm"),
        validators=[Length(max=200)],
        description=lazy_gettext("Their consultancy or organisation; empty: none shown."),
    )
    submit = SubmitField(lazy_gettext("Save assessor"))

    def values(self) -> dict:
        return {"assessor_name": " ".join((self.assessor_name.data or "").split()),
                "assessor_firm": " ".join((self.assessor_firm.data or "").split())}


class FinalForm(StatusForm):
    """Marking final: with a reason when not every applicable item is accepted."""

    override_reason = TextAreaField(
        lazy_gettext("Reason to finalise anyway"),
        validators=[Length(max=2000)],
        description=lazy_gettext("Required when some applicable items are not accepted; "
                                 "shown on the overview and in the report."),
    )


ALL_ITEMS = "*"  # i18n: not shown (the whole clause in the assign form's item choice)


class AssignForm(PageForm):
    """Assign one item or the whole clause to a person who can answer, by a due date."""

    item = SelectField(lazy_gettext("Items"), validate_choice=True)
    assignee = SelectField(lazy_gettext("Person"), validate_choice=True)
    due = DateField(lazy_gettext("Due date"), validators=[Optional(), DateInRange()])
    submit = SubmitField(lazy_gettext("Assign"))

    def fill_choices(self, clause: str, items, people) -> None:
        self.item.choices = [(ALL_ITEMS, _("Every item of clause %(clause)s", clause=clause))]
        self.item.choices += [(i.id, f"{i.clause} {i.title}") for i in items]
        self.assignee.choices = [("", _("Nobody (remove the assignment)"))]
        # option labels render as markup, not through the page's isolation: isolate here
        self.assignee.choices += [(str(user.id), f"{isolate(user.name)} ({user.email})")
                                  for user, _role in people]


class ReviewForm(PageForm):
    """Submit an item for review, or accept or return it (with a comment)."""

    action = HiddenField(validators=[AnyOf(review.REVIEW_ACTIONS)])
    version = HiddenField()
    comment = TextAreaField(lazy_gettext("Comment"), validators=[Length(max=2000)])
