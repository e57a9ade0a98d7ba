"""The headline figures of a result, in words people can read: indices and the overall class."""

from __future__ import annotations

from dataclasses import dataclass

from gapassess.domain.engine.baseline import direction, index_changes
from gapassess.domain.wording.progress_text import movement_text
from gapassess.i18n import _, lazy_gettext, ngettext

CLASS_ORDER = ("outcome-driven", "compliance-only", "informal", "gap")


@dataclass(frozen=True)
class Index:
    key: str
    label: str
    value: float | None
    explains: str
    delta: float | None = None  # change against the baseline, in points
    lower_is_better: bool = False

    @property
    def shown(self) -> str:
        return _("not yet rated") if self.value is None else f"{self.value:.0f}%"

    @property
    def delta_text(self) -> str:
        return movement_text(self.delta)

    @property
    def delta_tone(self) -> str:
        """"better", "worse" or "same", for styling the change against the baseline."""
        return direction(self.delta, self.lower_is_better)


INDEX_TEXT = (
    ("conformity_readiness", lazy_gettext("Conformity readiness"),
     lazy_gettext(
         "Share of the requirements (weighted by importance) rated at or above the compliance "
         "threshold: how much an auditor would accept today.")),
    ("transition_readiness", lazy_gettext("Transition readiness"),
     lazy_gettext(
         "The same share, counting only requirements the 2026 edition made new, expanded or "
         "restructured: what the transition audit will look at first.")),
    ("outcome_maturity", lazy_gettext("Outcome maturity"),
     lazy_gettext(
         "How far practices drive results, from 0 (not measured) to 100 (a learning loop), "
         "guidance items included.")),
    ("compliance_only_share", lazy_gettext("Compliance-only share"),
     lazy_gettext(
         "Of the requirements that are met, the share that does not drive results yet: "
         "a certificate and a binder. Lower is better.")),
    ("completion", lazy_gettext("Completion"),
     lazy_gettext(
         "Share of the applicable items answered on both axes. "
         "Figures cover answered items only.")),
)


def indices(overall, baseline=None, initial: bool = False) -> list[Index]:
    """The five indices of ``overall`` with, when ``baseline`` is given, their change; for
    an ``initial`` certification four (nothing is in transition)."""
    keys = tuple(key for key, _label, _explains in INDEX_TEXT)
    changes = {c.key: c for c in index_changes(overall, baseline, keys)}  # the domain's rule
    out = []
    for key, label, explains in INDEX_TEXT:
        if initial and key == "transition_readiness":
            continue
        change = changes[key]
        out.append(Index(key, str(label), change.now, str(explains), change.delta,
                         change.lower_is_better))
    return out


def explanation(result) -> list[str]:
    """Plain sentences saying what the overall classification means for this organisation."""
    overall = result.overall
    model = result.model
    if overall.classification is None:
        return [_(
            "Nothing has been rated on both axes yet, so there is no overall picture. "
            "Answer the questionnaire and the results appear here."
        )]
    name = model.class_name(overall.classification)
    descriptions = getattr(model, "classification_descriptions", {}) or {}
    sentences = [_("Taken as a whole, the quality management system sits in the "
                   "\u201c%(corner)s\u201d corner of the two axes.", corner=name)]
    if descriptions.get(overall.classification):
        sentences.append(descriptions[overall.classification].strip())
    counts = overall.class_counts
    parts = [
        # TRANSLATORS: how many requirements fall in a class ("3 gap"), listed with commas.
        _("%(count)d %(name)s", count=counts.get(key, 0), name=model.class_name(key).lower())
        for key in CLASS_ORDER
        if counts.get(key, 0)
    ]
    if parts:
        # TRANSLATORS: %(counts)s is the list of "<count> <class>" above; English says
        # "requirements" for any number.
        sentences.append(ngettext(
            "Of the %(num)d requirements rated on both axes: %(counts)s.",
            "Of the %(num)d requirements rated on both axes: %(counts)s.",
            sum(counts.values()), counts=", ".join(parts)))
    c_level, o_level = model.thresholds.compliance, model.thresholds.outcome
    sentences.append(_(
        "A requirement counts as met from compliance level %(c_level)s (%(c_label)s) and as "
        "driving results from outcome level %(o_level)s (%(o_label)s).",
        c_level=c_level, c_label=model.level_label("compliance", c_level).lower(),
        o_level=o_level, o_label=model.level_label("outcome", o_level).lower(),
    ))
    if overall.compliance_score is not None and overall.outcome_score is not None:
        scores = {
            "compliance": f"{overall.compliance_score:.0f}",
            "outcome": f"{overall.outcome_score:.0f}",
            "compliance_threshold": f"{model.compliance_score_threshold:.0f}",
            "outcome_threshold": f"{model.outcome_score_threshold:.0f}",
        }
        sentences.append(_(
            "The overall picture compares the weighted average scores, compliance "
            "%(compliance)s and outcome %(outcome)s out of 100, with the same thresholds "
            "(%(compliance_threshold)s and %(outcome_threshold)s).",
            **scores,
        ))
    if overall.applicable and overall.answered < overall.applicable:
        # TRANSLATORS: English says "items are" for any number.
        sentences.append(ngettext(
            "%(answered)d of %(num)d applicable items are answered; "
            "the figures will move as the rest are rated.",
            "%(answered)d of %(num)d applicable items are answered; "
            "the figures will move as the rest are rated.",
            overall.applicable, answered=overall.answered,
        ))
    return sentences


def class_counts(result) -> list[tuple[str, str, int]]:
    """(class key, display name, count) in the order leaders read them."""
    counts = result.overall.class_counts
    return [(key, result.model.class_name(key), counts.get(key, 0)) for key in CLASS_ORDER]
