"""The roadmap page's what-if scenarios: the form that stores them on the assessment and
the comparison with the current plan (gapassess.domain.engine.scenarios)."""

from __future__ import annotations

from datetime import date

from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FloatField,
    Form,
    FormField,
    StringField,
    SubmitField,
)
from wtforms.validators import Length, Optional

from gapassess.domain.engine.scenarios import (
    MAX_LABEL,
    MAX_SCENARIOS,
    Scenario,
    compare,
    stored_scenarios,
)
from gapassess.domain.wording.scenario_text import comparison_rows
from gapassess.i18n import _, lazy_gettext
from gapassess.web.form_dates import DateInRange
from gapassess.web.form_numbers import capacity_range
from gapassess.web.page_form import PageForm


class ScenarioRow(Form):
    """One scenario; an empty row is no scenario."""

    label = StringField(lazy_gettext("Label"), validators=[Optional(), Length(max=MAX_LABEL)])
    capacity = FloatField(
        lazy_gettext("Capacity (person-days a month)"),
        validators=[Optional(), capacity_range()])
    target_date = DateField(lazy_gettext("Target audit date"),
                            validators=[Optional(), DateInRange()])
    outcome_after_audit = BooleanField(lazy_gettext("Outcome work after the audit"))

    def scenario(self) -> Scenario:
        return Scenario((self.label.data or "").strip(), self.capacity.data,
                        self.target_date.data, bool(self.outcome_after_audit.data))

    def blank(self) -> bool:
        return not ((self.label.data or "").strip() or self.capacity.raw_data
                    and self.capacity.raw_data[0].strip() or self.target_date.raw_data
                    and self.target_date.raw_data[0].strip() or self.outcome_after_audit.data)


class ScenariosForm(PageForm):
    scenarios = FieldList(FormField(ScenarioRow), min_entries=MAX_SCENARIOS,
                          max_entries=MAX_SCENARIOS)
    submit = SubmitField(lazy_gettext("Compare scenarios"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for row in self.scenarios:
            if row.form.blank() or row.form.errors:
                continue
            if not row.form.scenario().changes_something:
                row.form.capacity.errors = [*row.form.capacity.errors, _(
                    "Change the capacity, the target date or the scope, or leave the row "
                    "empty.")]
                valid = False
        return valid

    def chosen(self) -> list[Scenario]:
        return [row.form.scenario() for row in self.scenarios if not row.form.blank()]


def scenarios_form(stored, failed: ScenariosForm | None = None) -> ScenariosForm:
    """The form filled from the stored scenarios (or ``failed``, to show its errors)."""
    if failed is not None:
        return failed
    rows = [{"label": s.label, "capacity": s.capacity, "target_date": s.target_date,
             "outcome_after_audit": s.outcome_after_audit} for s in stored_scenarios(stored)]
    return ScenariosForm(formdata=None, data={"scenarios": rows})


def outcomes_for(scored, stored, today=None) -> list:
    """The current plan then each stored scenario (engine.scenarios.compare); [] without
    scenarios."""
    scenarios = stored_scenarios(stored)
    if not scenarios:
        return []
    return compare(scored.questionnaire, scored.answers, scored.model, scored.profile,
                   scenarios, today=today or date.today(), current=scored.result)


def comparison(scored, stored, today=None) -> dict | None:
    """The columns' labels and the rows of the comparison; None without scenarios."""
    outcomes = outcomes_for(scored, stored, today)
    if not outcomes:
        return None
    return {"labels": [o.label for o in outcomes], "rows": comparison_rows(outcomes),
            "outcomes": outcomes}
