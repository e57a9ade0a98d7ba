"""The question bank as typed data: scales, items and the questionnaire that holds them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from gapassess.domain.questionnaire.numbering import clause_key, subclause, top_clause
from gapassess.domain.questionnaire.structure import Structure
from gapassess.domain.questionnaire.structure_file import default_structure
from gapassess.domain.questionnaire.text_fields import Text, non_empty, stringify_number
from gapassess.domain.scale import SCALE_LEVELS, SCALE_NAMES
from gapassess.i18n import _

ITEM_ID_RE = re.compile(r"^\d+(\.\d+)*-[a-z0-9]+(-[a-z0-9]+)*$")
BANK_ID_RE = re.compile(r"^[a-z0-9]+([-_.][a-z0-9]+)*$")
TITLE_LIMIT = 70  # characters in an item's short name


def _short_name(value: str) -> str:
    if len(value) > TITLE_LIMIT:
        raise ValueError(
            _("too long (%(length)d characters); at most %(limit)d allowed: give a short "
              "name of the practice, the question holds the detail", length=len(value),
              limit=TITLE_LIMIT)
        )
    return value


ShortName = Annotated[str, AfterValidator(non_empty), AfterValidator(_short_name)]
Change = Literal["new", "expanded", "clarified", "structural", "unchanged"]  # CHANGE_KINDS
#: What an item rests on: a requirement of the standard, a note, or the informative Annex A.
Basis = Literal["requirement", "note", "annex-a"]
#: The kind of documented information the standard asks for where the item applies.
DocumentedInformation = Literal["none", "maintained", "retained", "maintained-and-retained"]
#: Bank file formats: 2 requires the fields of a complete item (see format2_problems).
BankFormat = Literal[1, 2]


class ScaleLevel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    level: int = Field(ge=0, le=4)
    label: Text
    description: Text


class Scale(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = ""
    levels: list[ScaleLevel]

    @field_validator("levels")
    @classmethod
    def _complete(cls, levels: list[ScaleLevel]) -> list[ScaleLevel]:
        seen = [lv.level for lv in levels]
        duplicates = sorted({n for n in seen if seen.count(n) > 1})
        if duplicates:
            raise ValueError(_("level %(level)s is defined more than once",
                               level=duplicates[0]))
        missing = [n for n in SCALE_LEVELS if n not in seen]
        if missing:
            raise ValueError(
                _("levels must be 0 to 4, each once; missing %(levels)s",
                  levels=", ".join(map(str, missing)))
            )
        return sorted(levels, key=lambda lv: lv.level)

    def level(self, number: int) -> ScaleLevel:
        return self.levels[number]


class Item(BaseModel):
    """One question: a requirement of the standard (or advisory practice) rated on both axes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    clause: str
    title: ShortName  # short plain-language name of the practice, for headings and the roadmap
    source_clauses: list[str] = Field(default_factory=list)
    change: Change
    tags: list[str] = Field(default_factory=list)
    question: Text
    guidance: Text
    conformity_evidence: Text
    outcome_practice: Text
    compliance_only_signs: Text
    conformity_action: Text
    outcome_action: Text
    effort: Literal["S", "M", "L"]
    weight: float = Field(default=1.0, gt=0, le=5)
    depends_on: list[str] = Field(default_factory=list)
    advisory: bool = False
    not_applicable_allowed: bool = False
    not_applicable_guidance: str = ""
    scale_wording: dict[Literal["compliance", "outcome"], dict[int, Text]] = Field(
        default_factory=dict
    )
    basis: Basis | None = None
    documented_information: DocumentedInformation | None = None
    change_note: str = ""

    @field_validator("id")
    @classmethod
    def _id_format(cls, value: str) -> str:
        if not ITEM_ID_RE.match(value):
            raise ValueError(
                _("'%(value)s' is not a valid item id; use <clause>-<slug> in lowercase, "
                  "e.g. '4.1-climate-relevance'", value=value)
            )
        return value

    @field_validator("tags")
    @classmethod
    def _tags_once(cls, values: list[str]) -> list[str]:
        if len(set(values)) != len(values):
            raise ValueError(_("a tag is listed more than once"))
        return values

    @field_validator("depends_on")
    @classmethod
    def _dependency_ids(cls, values: list[str]) -> list[str]:
        for value in values:
            if not ITEM_ID_RE.match(value):
                raise ValueError(_("'%(value)s' is not a valid item id", value=value))
        return values

    @field_validator("not_applicable_guidance", "change_note")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @field_validator("scale_wording")
    @classmethod
    def _wording_levels(cls, value: dict[str, dict[int, str]]) -> dict[str, dict[int, str]]:
        for scale, levels in value.items():
            bad = [n for n in levels if n not in SCALE_LEVELS]
            if bad:
                raise ValueError(_("%(scale)s: level %(level)s is outside 0 to 4",
                                   scale=scale, level=bad[0]))
        return value

    @property
    def top_clause(self) -> str:
        return top_clause(self.clause)

    @property
    def subclause(self) -> str:
        return subclause(self.clause)

    def level_wording(self, scale: str, level: int, default: str) -> str:
        """The item's own wording for a level, or ``default`` when it has none."""
        for name, levels in self.scale_wording.items():
            if name == scale:
                return levels.get(level, default)
        return default


def item_problems(item: Item) -> list[tuple[str, str]]:
    """Checks across fields of one valid item, as (field, message) pairs."""
    problems = []
    if not item.id.startswith(item.clause + "-"):
        problems.append(("id", _("id '%(item)s' must start with its clause '%(clause)s-'",
                                 item=item.id, clause=item.clause)))
    if item.id in item.depends_on:
        problems.append(("depends_on", _("an item cannot depend on itself")))
    if len(set(item.depends_on)) != len(item.depends_on):
        problems.append(("depends_on", _("a dependency is listed more than once")))
    if item.not_applicable_allowed and not item.not_applicable_guidance:
        problems.append(
            (
                "not_applicable_guidance",
                _("must say when the item may be marked not applicable "
                  "(not_applicable_allowed is true)"),
            )
        )
    return problems


OUTCOME_WORDING_LEVELS = (1, 2, 3, 4)


def format2_problems(item: Item) -> list[tuple[str, str]]:
    """What a complete item of a format 2 bank must also give, as (field, message) pairs."""
    problems = []
    if item.basis is None:
        problems.append(("basis", _("say what the item rests on: requirement, note or "
                                    "annex-a")))
    elif (item.basis != "requirement") != item.advisory:
        problems.append((
            "advisory",
            _("items built on a note or on Annex A are advisory, and only those")
            if item.advisory is False else
            _("an advisory item must say it rests on a note or on Annex A (basis)"),
        ))
    if item.documented_information is None:
        problems.append(("documented_information",
                         _("say what the standard asks for here: none, maintained, retained "
                           "or maintained-and-retained")))
    if item.change != "unchanged" and not item.change_note:
        problems.append(("change_note", _("say in one line what changed (%(change)s)",
                                          change=item.change)))
    if item.change != "new" and not item.source_clauses:
        problems.append(("source_clauses", _("name the 2015 clause(s) the item comes from")))
    wording = item.scale_wording.get("outcome", {})
    missing = [str(n) for n in OUTCOME_WORDING_LEVELS if n not in wording]
    if missing:
        problems.append(("scale_wording",
                         _("word outcome levels 1 to 4 for this practice; missing "
                           "%(levels)s", levels=", ".join(missing))))
    return problems


class Questionnaire(BaseModel):
    """A question bank: header, the two rating scales and the items."""

    model_config = ConfigDict(extra="forbid")

    id: str
    version: Annotated[str, BeforeValidator(stringify_number), AfterValidator(non_empty)]
    format: BankFormat = 1
    title: Text
    description: Text
    scales: dict[str, Scale]
    structure: Structure = Field(default_factory=default_structure)
    items: list[Item] = Field(default_factory=list)

    _by_id: dict[str, Item] = PrivateAttr(default_factory=dict)
    _ids: frozenset[str] = PrivateAttr(default_factory=frozenset)
    _source: str | None = PrivateAttr(default=None)

    @field_validator("id")
    @classmethod
    def _id_format(cls, value: str) -> str:
        if not BANK_ID_RE.match(value):
            raise ValueError(
                _("'%(value)s' is not a valid questionnaire id; use lowercase letters, "
                  "digits and hyphens, e.g. 'iso9001-2026'", value=value)
            )
        return value

    @field_validator("scales")
    @classmethod
    def _both_scales(cls, value: dict[str, Scale]) -> dict[str, Scale]:
        missing = [name for name in SCALE_NAMES if name not in value]
        extra = [name for name in value if name not in SCALE_NAMES]
        if missing:
            raise ValueError(_("scale '%(scale)s' is missing; define compliance and outcome",
                               scale=missing[0]))
        if extra:
            raise ValueError(_("unknown scale '%(scale)s'; only compliance and outcome exist",
                               scale=extra[0]))
        return {name: value[name] for name in SCALE_NAMES}

    @model_validator(mode="after")
    def _consistent(self) -> Questionnaire:
        ids = [item.id for item in self.items]
        if len(set(ids)) != len(ids):
            duplicate = next(i for i in ids if ids.count(i) > 1)
            raise ValueError(_("item id '%(item)s' is used more than once", item=duplicate))
        known = set(ids)
        for item in self.items:
            for field, _line, message in self.structure.item_problems(
                item.clause, item.source_clauses, item.tags
            ):
                raise ValueError(_("item '%(item)s', field '%(field)s': %(problem)s",
                                   item=item.id, field=field, problem=message))
            for target in item.depends_on:
                if target not in known:
                    raise ValueError(_("item '%(item)s' depends on unknown item '%(target)s'",
                                       item=item.id, target=target))
        return self

    def model_post_init(self, __context: Any) -> None:
        self._by_id = {item.id: item for item in self.items}
        self._ids = frozenset(self._by_id)

    @property
    def source(self) -> str | None:
        """The file or folder this bank was loaded from (None when built in code)."""
        return self._source

    def item(self, item_id: str) -> Item:
        return self._by_id[item_id]

    @property
    def item_ids(self) -> frozenset[str]:
        """The ids of the bank's items, made once with the bank."""
        return self._ids

    @property
    def standard(self) -> str:
        """The name of the standard the bank follows, e.g. "ISO 9001:2026"."""
        return self.structure.standard

    @property
    def clause_titles(self) -> Mapping[str, str]:
        """Every clause number of the standard with its title, in clause order (read-only:
        banks without a structure of their own share the shipped one)."""
        return MappingProxyType(self.structure.clauses)

    def clause_title(self, number: str) -> str:
        """The title of a clause ("" for a number the standard does not list)."""
        return self.structure.title(number)

    @property
    def top_clauses(self) -> tuple[str, ...]:
        """The standard's top-level clauses in clause order."""
        return self.structure.top_clauses

    def subclauses_of(self, top: str) -> tuple[str, ...]:
        """The second-level clauses under a top-level clause, in clause order."""
        return self.structure.subclauses_of(top)

    @property
    def tags(self) -> tuple[str, ...]:
        """The tags items of this bank may carry."""
        return tuple(self.structure.tags)

    @staticmethod
    def clause_key(number: str) -> tuple[int, ...]:
        """Sort key for clause numbers: "10.1" after "9.3", "7.1.5.2" after "7.1.5"."""
        return clause_key(number)

    def items_by_clause(self) -> dict[str, list[Item]]:
        """Items grouped by top clause ("4".."10" for ISO 9001), in clause order (empty
        clauses omitted)."""
        groups: dict[str, list[Item]] = {}
        for top in self.top_clauses:
            chosen = [item for item in self.items if item.top_clause == top]
            if chosen:
                groups[top] = sorted(chosen, key=lambda item: clause_key(item.clause))
        return groups

    def to_dict(self) -> dict[str, Any]:
        """The normalised questionnaire as plain JSON-ready data."""
        return self.model_dump(mode="json")
