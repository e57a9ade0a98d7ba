"""Forms of the workshop pages (every POST carries a CSRF token)."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, StopValidation

from gapassess.domain.workshop_groups import DEFAULT_GROUPS, ROLE_KINDS, ROLE_LABELS
from gapassess.i18n import lazy_gettext
from gapassess.web.form_choices import choice
from gapassess.web.page_form import PageForm

LEVEL_CHOICES = [choice("", lazy_gettext("Not rated"))] + [choice(str(n), str(n)) for n in range(5)]


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _at_least_one_clause(_form, field) -> None:
    """Like DataRequired, without marking every checkbox ``required`` in the page: a browser
    then refuses the form as soon as one clause is unticked."""
    if not field.data:
        raise StopValidation(str(lazy_gettext("Choose at least one clause.")))


class OpenWorkshopForm(PageForm):
    title = StringField(
        lazy_gettext("Title shown to the room"), validators=[Optional(), Length(max=200)]
    )
    clauses = MultiCheckboxField(
        lazy_gettext("Clauses"),
        validators=[_at_least_one_clause],
    )
    pacing = RadioField(
        lazy_gettext("Pacing"),
        choices=[
            choice(
                "facilitator",
                lazy_gettext("Facilitator-paced: everyone rates the item on the projector"),
            ),
            choice(
                "self",
                lazy_gettext("Self-paced: each person works through the clauses on their phone"),
            ),
        ],
        default="facilitator",
    )
    show_names = BooleanField(
        lazy_gettext("Show participants' names next to their votes in results")
    )
    # None ticked: participants are not asked for a group.
    groups = MultiCheckboxField(
        lazy_gettext("Groups in the room"),
        choices=[choice(kind, ROLE_LABELS[kind]) for kind in ROLE_KINDS],
        default=list(DEFAULT_GROUPS),
    )


class JoinForm(PageForm):
    name = StringField(lazy_gettext("Your name (optional)"),
                       validators=[Optional(), Length(max=80)])
    # Its choices are the workshop's groups (set by the view); unused when it has none.
    group = SelectField(lazy_gettext("Your group"), validate_choice=False)


class ActionForm(PageForm):
    """A button that changes the workshop: only the CSRF token is needed."""


class GoToForm(PageForm):
    index = IntegerField(lazy_gettext("Item"), validators=[InputRequired()])


class ToggleForm(PageForm):
    value = HiddenField(validators=[InputRequired()])


class ConsensusForm(PageForm):
    item_id = HiddenField(validators=[DataRequired()])
    version = HiddenField()
    # Checked by the answer rules (gapassess.domain.answers), which name a refused field.
    compliance = SelectField(
        lazy_gettext("Compliance"), choices=LEVEL_CHOICES, validate_choice=False
    )
    outcome = SelectField(lazy_gettext("Outcome"), choices=LEVEL_CHOICES, validate_choice=False)
    notes = TextAreaField(lazy_gettext("Notes"))
