"""The scoring model: every threshold, weight, label and roadmap rule the engine uses, as data.

The shipped model is ``scoring/default.yaml``; users pass their own file with ``--model``.
A file is validated as a whole and every problem is reported with the file, line and field.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from gapassess.domain.change_kinds import CHANGE_KINDS
from gapassess.domain.classification import CLASSES, Classification, classify
from gapassess.domain.file_cache import FileCache
from gapassess.domain.workshop import axis_spread, is_disagreement
from gapassess.domain.workshop_groups import (
    GroupSpreads,
    GroupVote,
    ItemGap,
    group_spreads,
    perception_gaps,
)
from gapassess.i18n import _
from gapassess.paths import scoring_dir

ChangeKind = Literal["new", "expanded", "clarified", "structural", "unchanged"]
ActionKind = Literal["conformity", "outcome", "milestone"]
Effort = Literal["S", "M", "L"]
_KIND_RANK = {"conformity": 0, "milestone": 1, "outcome": 2}


_VARIANTS: dict[int, tuple[ScoringModel, ScoringModel]] = {}
_VARIANTS_LOCK = threading.Lock()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AxisLabels(_Strict):
    compliance: dict[int, str]
    outcome: dict[int, str]

    @model_validator(mode="after")
    def _complete(self) -> AxisLabels:
        for axis in ("compliance", "outcome"):
            if sorted(getattr(self, axis)) != [0, 1, 2, 3, 4]:
                raise ValueError(_("%(axis)s must label exactly the levels 0, 1, 2, 3 and 4",
                                   axis=axis))
        return self


class Thresholds(_Strict):
    compliance: int = Field(ge=1, le=4)
    outcome: int = Field(ge=1, le=4)


class Weights(_Strict):
    change: dict[ChangeKind, float]
    tags: dict[str, float] = {}

    @model_validator(mode="after")
    def _positive(self) -> Weights:
        missing = [kind for kind in CHANGE_KINDS if kind not in self.change]
        if missing:
            raise ValueError(_("change weights missing for: %(kinds)s", kinds=", ".join(missing)))
        for name, value in [*self.change.items(), *self.tags.items()]:
            if not 0 < value <= 10:
                raise ValueError(_("weight for '%(name)s' must be above 0 and at most 10",
                                   name=name))
        return self


class Workshop(_Strict):
    disagreement_threshold: int = Field(ge=1, le=4)
    #: Votes a group needs on an axis to be shown apart (never below 3: a group of one or
    #: two would show its members' votes).
    min_group_size: int = Field(default=3, ge=3, le=100)
    #: Levels by which top management's median must exceed the front line's for a
    #: perception gap.
    perception_gap: int = Field(default=2, ge=1, le=4)


class PhaseRule(_Strict):
    key: str = Field(min_length=1)
    name: str = Field(min_length=1)
    goal: str = ""
    kinds: list[ActionKind] = Field(min_length=1)
    changes: list[ChangeKind] | None = None
    #: Clauses whose items' actions the phase takes ("4" takes 4.1 and 4.4.1), None for all.
    clauses: list[str] | None = None

    def takes(self, kind: str, change: str | None, clause: str | None = None) -> bool:
        if kind not in self.kinds:
            return False
        if kind == "milestone":
            return True
        if self.changes is not None and change not in self.changes:
            return False
        return self.clauses is None or (clause is not None and any(
            clause == top or clause.startswith(top + ".") for top in self.clauses))

    @property
    def takes_all(self) -> bool:
        """Whether the phase takes every action of its kinds (no change or clause filter)."""
        return self.changes is None and self.clauses is None


class MilestoneRule(_Strict):
    key: str = Field(min_length=1, pattern=r"^[a-z0-9-]+$")
    title: str = Field(min_length=1)
    description: str = ""
    person_days: float = Field(gt=0, le=200)
    min_working_days: int = Field(ge=1, le=250)
    reason: str = ""


class InitialCertification(_Strict):
    """How the roadmap differs for an organisation seeking its first certificate: its own
    phases (foundations first), the milestones' reasons and one reason for every
    conformity action in place of the per-change-kind ones."""

    phases: list[PhaseRule] = Field(min_length=1)
    milestone_reasons: dict[str, str] = {}
    change_reason: str = ""


class RoadmapRules(_Strict):
    person_days: dict[Effort, float]
    capacity: float = Field(gt=0, le=10000)
    working_days_per_month: float = Field(gt=0, le=31)
    milestone_lead_days: int = Field(ge=0, le=365)
    high_weight: float = Field(default=1.4, gt=0)
    phases: list[PhaseRule] = Field(min_length=1)
    milestones: list[MilestoneRule] = []
    change_reasons: dict[ChangeKind, str] = {}
    initial_certification: InitialCertification | None = None

    @model_validator(mode="after")
    def _consistent(self) -> RoadmapRules:
        if sorted(self.person_days) != ["L", "M", "S"]:
            raise ValueError(_("person_days must give S, M and L"))
        if any(days <= 0 for days in self.person_days.values()):
            raise ValueError(_("person_days must be above 0"))
        for kind in ("conformity", "outcome", "milestone"):
            if not any(kind in p.kinds and (p.takes_all or kind == "milestone")
                       for p in self.phases):
                # TRANSLATORS: kind is conformity, outcome or milestone, as written in the file.
                raise ValueError(_("no phase takes every %(kind)s action (add one without "
                                   "'changes')", kind=kind))
        for before, after in zip(self.phases, self.phases[1:], strict=False):
            latest = max(_KIND_RANK[k] for k in before.kinds)
            if latest > min(_KIND_RANK[k] for k in after.kinds):
                raise ValueError(_(
                    "phase '%(after)s' cannot follow '%(before)s': phases must run "
                    "conformity, then milestones, then outcome actions", after=after.key,
                    before=before.key))
        for field, values in (("phases", [p.key for p in self.phases]),
                              ("milestones", [m.key for m in self.milestones])):
            if len(set(values)) != len(values):
                raise ValueError(_("%(field)s keys must be unique", field=field))
        if self.initial_certification is not None:
            self.initial_roadmap()  # checks the initial certification phases the same way
            unknown = sorted(set(self.initial_certification.milestone_reasons)
                             - {m.key for m in self.milestones})
            if unknown:
                raise ValueError(_("initial_certification.milestone_reasons names unknown "
                                   "milestones: %(keys)s", keys=", ".join(unknown)))
        return self

    def initial_roadmap(self) -> RoadmapRules:
        """These rules for an initial certification (themselves when the model has none)."""
        initial = self.initial_certification
        if initial is None:
            return self
        milestones = [m.model_copy(update={"reason": initial.milestone_reasons.get(m.key,
                                                                                  m.reason)})
                      for m in self.milestones]
        reasons = {kind: initial.change_reason for kind in CHANGE_KINDS} \
            if initial.change_reason else self.change_reasons
        return RoadmapRules.model_validate({
            **self.model_dump(exclude={"initial_certification"}),
            "phases": [p.model_dump() for p in initial.phases],
            "milestones": [m.model_dump() for m in milestones], "change_reasons": reasons})


class ScoringModel(_Strict):
    """Thresholds, weights, labels and roadmap rules (see docs/scoring.md)."""

    id: str = Field(min_length=1)
    version: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: str = ""
    scales: AxisLabels
    thresholds: Thresholds
    classification_names: dict[str, str]
    classification_descriptions: dict[str, str] = {}
    weights: Weights
    transition_changes: list[ChangeKind] = Field(min_length=1)
    workshop: Workshop
    roadmap: RoadmapRules

    @model_validator(mode="after")
    def _classes(self) -> ScoringModel:
        for field in ("classification_names", "classification_descriptions"):
            names = getattr(self, field)
            if field == "classification_descriptions" and not names:
                continue
            if sorted(names) != sorted(CLASSES):
                raise ValueError(_("%(field)s must name exactly: %(names)s", field=field,
                                   names=", ".join(CLASSES)))
        return self

    def for_certification(self, certified: bool) -> ScoringModel:
        """The model for an organisation with a certificate to move (itself) or seeking its
        first one: the initial certification roadmap, and no transition readiness (nothing
        is in transition). The same object every time, so the engine's cache holds."""
        if certified:
            return self
        with _VARIANTS_LOCK:
            variant = _VARIANTS.get(id(self))
            if variant is None or variant[0] is not self:
                initial = self.model_copy(update={"roadmap": self.roadmap.initial_roadmap(),
                                                  "transition_changes": []})
                variant = _VARIANTS[id(self)] = (self, initial)
            return variant[1]

    # -- classification ---------------------------------------------------------------
    @property
    def compliance_score_threshold(self) -> float:
        """The compliance threshold on the 0-100 scale of roll-up scores."""
        return self.thresholds.compliance / 4 * 100

    @property
    def outcome_score_threshold(self) -> float:
        return self.thresholds.outcome / 4 * 100

    def classify(self, compliance: float | None, outcome: float | None,
                 *, on: Literal["level", "score"] = "level") -> Classification | None:
        """Class of a pair of levels (0-4) or, with ``on="score"``, of 0-100 scores, by this
        model's thresholds (gapassess.domain.classification.classify). None when either
        axis is missing.
        """
        if on == "score":
            return classify(compliance, outcome,
                            compliance_threshold=self.compliance_score_threshold,
                            outcome_threshold=self.outcome_score_threshold)
        return classify(compliance, outcome, compliance_threshold=self.thresholds.compliance,
                        outcome_threshold=self.thresholds.outcome)

    def class_name(self, classification: str | None) -> str:
        """Display name of a class ("" for None)."""
        return self.classification_names.get(classification, "") if classification else ""

    def level_label(self, axis: Literal["compliance", "outcome"], level: int) -> str:
        labels: dict[int, str] = getattr(self.scales, axis)
        return labels[level]

    def item_weight(self, weight: float, change: str, tags: list[str] | tuple[str, ...]) -> float:
        """Weight used in roll-ups: item weight x change weight x tag weights."""
        changes: dict[str, float] = {str(k): v for k, v in self.weights.change.items()}
        total = weight * changes.get(change, 1.0)
        for tag in tags:
            total *= self.weights.tags.get(tag, 1.0)
        return total

    def is_disagreement(self, levels: list[int | None]) -> bool:
        """True when workshop votes on one axis spread by this model's disagreement threshold
        or more: the workshop pages' rule (gapassess.domain.workshop), so the results page
        and the report flag the same items."""
        return is_disagreement(axis_spread(levels), self.workshop.disagreement_threshold)

    def group_spreads(self, votes: Iterable[GroupVote]) -> GroupSpreads:
        """Per-group spread and perception gaps of one item's (group, compliance, outcome)
        votes, by this model's ``workshop.min_group_size`` and ``workshop.perception_gap``
        (gapassess.domain.workshop_groups)."""
        return group_spreads(votes, min_size=self.workshop.min_group_size,
                             gap=self.workshop.perception_gap)

    def perception_gaps(self, votes: Mapping[str, Iterable[GroupVote]],
                        order: Sequence[str] = ()) -> list[ItemGap]:
        """Every item's perception gaps by this model's figures, items in ``order``."""
        return perception_gaps(votes, min_size=self.workshop.min_group_size,
                               gap=self.workshop.perception_gap, order=order)

    def person_days(self, effort: str) -> float:
        return self.roadmap.person_days[effort]  # type: ignore[index]


class ScoringModelError(Exception):
    """A scoring model file that cannot be used; ``problems`` name file, line and field."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def load_scoring_model(path: Path | str) -> ScoringModel:
    """Read and validate a scoring model file; raise ScoringModelError listing every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScoringModelError([_("%(path)s: cannot be read (%(reason)s)", path=path,
                                    reason=exc)]) from None
    try:
        data = yaml.safe_load(text)
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise ScoringModelError([_("%(path)s: not valid YAML: %(reason)s", path=path,
                                    reason=exc)]) from None
    if not isinstance(data, dict):
        raise ScoringModelError([_("%(path)s: expected a mapping of settings at the top level",
                                    path=path)])
    try:
        return ScoringModel.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = [part for part in err["loc"] if not str(part).startswith("function-")]
            field = ".".join(str(part) for part in loc) or _("(top level)")
            line = _line_of(root, loc)
            where = f"{path}:{line}" if line else str(path)
            problems.append(_("%(where)s: field '%(field)s': %(problem)s", where=where,
                              field=field, problem=err["msg"]))
        raise ScoringModelError(problems) from None


def _line_of(node: yaml.Node | None, loc: list[int | str]) -> int | None:
    """Line (1-based) of the YAML node at ``loc``, or of its deepest existing parent."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if str(k.value) == str(part)]
            if not match:
                return line
            node = match[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) \
                and part < len(node.value):
            node = node.value[part]
        else:
            return line
        line = node.start_mark.line + 1
    return line


def default_model_path() -> Path:
    return scoring_dir() / "default.yaml"


_models: FileCache[ScoringModel] = FileCache(load_scoring_model, size=16)


def cached_scoring_model(path: Path | str) -> ScoringModel:
    """load_scoring_model, remembered until the file changes (a broken file raises again)."""
    return _models.get(path)


def default_scoring_model() -> ScoringModel:
    """The shipped model, reread when scoring/default.yaml changes."""
    return cached_scoring_model(default_model_path())
