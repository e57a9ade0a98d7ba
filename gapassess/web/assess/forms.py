from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length

from gapassess.db.models import ASSESSMENT_STATUSES
from gapassess.web.form_choices import choice

NO_BASELINE = "none"


class NewAssessmentForm(FlaskForm):
    questionnaire = SelectField("Question bank", validators=[DataRequired()])
    title = StringField(
        "Title",
        validators=[DataRequired(message="Give the assessment a title."), Length(max=200)],
        default="ISO 9001:2026 transition gap assessment",
    )
    scope = TextAreaField(
        "Scope",
        validators=[Length(max=5000)],
        description="Which sites, processes, products or services the assessment covers.",
    )
    baseline = SelectField(
        "Baseline for comparison",
        default=NO_BASELINE,
        description="An earlier assessment of this organisation to compare results with.",
    )
    submit = SubmitField("Create assessment")

    def fill_choices(self, banks, earlier) -> None:
        self.questionnaire.choices = [
            choice(bank.id, f"{bank.title} (version {bank.version})") for bank in banks
        ]
        self.baseline.choices = [choice(NO_BASELINE, "No baseline")] + [
            choice(str(a.id), f"{a.title} ({a.created_at:%d %b %Y}, {a.status})") for a in earlier
        ]


class StatusForm(FlaskForm):
    status = HiddenField(validators=[AnyOf(ASSESSMENT_STATUSES)])
    submit = SubmitField()
