"""Forms of the workshop pages (every POST carries a CSRF token)."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    Field,
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

from gapassess.domain.agenda import repeated_items, unknown_items
from gapassess.domain.workshop_groups import DEFAULT_GROUPS, ROLE_KINDS, ROLE_LABELS
from gapassess.i18n import _, lazy_gettext
from gapassess.web.form_choices import choice
from gapassess.web.page_form import PageForm

LEVEL_CHOICES = [choice("", lazy_gettext("Not rated"))] + [choice(str(n), str(n)) for n in range(5)]


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _shown(value: str, limit: int = 60) -> str:
    """A posted value as a message quotes it: cut short, control characters left out."""
    text = "".join(ch for ch in value if ch.isprintable())
    return text if len(text) <= limit else text[:limit] + "…"


class CheckboxesField(MultiCheckboxField):
    """Checkboxes that name themselves when a posted value is not one of their choices
    (never marked ``required``: a browser would then ask for every box)."""

    def pre_validate(self, form) -> None:
        if not self.data:
            return
        acceptable = {option[0] for option in self.iter_choices()}
        unknown = [value for value in self.data if value not in acceptable]
        if unknown:
            raise StopValidation(_("%(field)s: “%(value)s” is not one of the choices.",
                                   field=self.label.text, value=_shown(unknown[0])))


class AgendaField(Field):
    """The agenda as an ordered list of item ids, posted as one hidden field per item.

    Set ``bank_ids`` (the ids of the question bank) before validating: every posted id
    must be one of them, and each may appear once."""

    bank_ids: frozenset[str] = frozenset()

    def process_formdata(self, valuelist) -> None:
        self.data = [value for value in valuelist if isinstance(value, str)]

    def pre_validate(self, form) -> None:
        items = self.data or []
        unknown = unknown_items(items, self.bank_ids)
        if unknown:
            raise StopValidation(_("%(field)s: “%(value)s” is not an item of this question "
                                   "bank.", field=self.label.text, value=_shown(unknown[0])))
        repeated = repeated_items(items)
        if repeated:
            raise StopValidation(_("%(field)s: “%(value)s” is on the agenda twice.",
                                   field=self.label.text, value=_shown(repeated[0])))
        if not items:
            raise StopValidation(_("The agenda is empty: choose at least one item for the "
                                   "workshop."))


def problems(*forms) -> list[str]:
    """Every error of ``forms``, the form's own first, then field by field."""
    return [
        str(error) for form in forms
        for error in [*form.form_errors, *(e for field in form for e in field.errors)]
    ]


class AgendaSelectionForm(PageForm):
    """Step 1 of opening a workshop: which items the agenda takes."""

    clauses = CheckboxesField(lazy_gettext("Clauses"))
    subclauses = CheckboxesField(lazy_gettext("Sub-clauses"))
    change_kinds = CheckboxesField(lazy_gettext("What the 2026 edition changed"))
    statuses = CheckboxesField(lazy_gettext("Status in this assessment"))
    changed = BooleanField(lazy_gettext("What changed"))
    picked = CheckboxesField(lazy_gettext("Items picked one by one"))


class AgendaEditForm(PageForm):
    """Step 2: one button pressed on the agenda (its value is the item it concerns)."""

    items = AgendaField(lazy_gettext("Agenda"))
    move_up = HiddenField()
    move_down = HiddenField()
    remove = HiddenField()

    EDITS = ("move_up", "move_down", "remove")  # i18n: not shown

    def edit(self) -> tuple[str, str] | None:
        """(edit, item id) of the button pressed, or None when none was."""
        for name in self.EDITS:
            value = self[name].data
            if isinstance(value, str) and value:
                return name, value
        return None


class OpenWorkshopForm(PageForm):
    title = StringField(
        lazy_gettext("Title shown to the room"), validators=[Optional(), Length(
            max=200, message=lazy_gettext("Title shown to the room: at most %(max)d characters."))]
    )
    items = AgendaField(lazy_gettext("Agenda"))
    pacing = RadioField(
        lazy_gettext("Pacing"),
        choices=[
            choice(
                "facilitator",
                lazy_gettext("Facilitator-paced: everyone rates the item on the projector"),
            ),
            choice(
                "self",
                lazy_gettext("Self-paced: each person works through the agenda on their phone"),
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
