"""The headline figures of a result, in words people can read: indices and the overall class."""

from __future__ import annotations

from dataclasses import dataclass

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
        return "not yet rated" if self.value is None else f"{self.value:.0f}%"

    @property
    def delta_text(self) -> str:
        if self.delta is None:
            return ""
        if round(self.delta) == 0:
            return "no change"
        word = "up" if self.delta > 0 else "down"
        points = round(abs(self.delta))
        return f"{word} {points} point{'s' if points != 1 else ''}"

    @property
    def delta_tone(self) -> str:
        """"better", "worse" or "same", for styling the change against the baseline."""
        if self.delta is None or round(self.delta) == 0:
            return "same"
        better = self.delta < 0 if self.lower_is_better else self.delta > 0
        return "better" if better else "worse"


INDEX_TEXT = (
    ("conformity_readiness", "Conformity readiness",
     "Share of the requirements (weighted by importance) rated at or above the compliance "
     "threshold: how much an auditor would accept today.", False),
    ("transition_readiness", "Transition readiness",
     "The same share, counting only requirements the 2026 edition made new, expanded or "
     "restructured: what the transition audit will look at first.", False),
    ("outcome_maturity", "Outcome maturity",
     "How far practices drive results, from 0 (not measured) to 100 (a learning loop), "
     "guidance items included.", False),
    ("compliance_only_share", "Compliance-only share",
     "Of the requirements that are met, the share that does not drive results yet: "
     "a certificate and a binder. Lower is better.", True),
    ("completion", "Completion",
     "Share of the applicable items answered on both axes. Figures cover answered items only.",
     False),
)


def indices(overall, baseline=None) -> list[Index]:
    """The five indices of ``overall`` with, when ``baseline`` is given, their change."""
    out = []
    for key, label, explains, lower in INDEX_TEXT:
        value = getattr(overall, key)
        before = getattr(baseline, key) if baseline is not None else None
        delta = value - before if value is not None and before is not None else None
        out.append(Index(key, label, value, explains, delta, lower))
    return out


def explanation(result) -> list[str]:
    """Plain sentences saying what the overall classification means for this organisation."""
    overall = result.overall
    model = result.model
    if overall.classification is None:
        return [
            "Nothing has been rated on both axes yet, so there is no overall picture. "
            "Answer the questionnaire and the results appear here."
        ]
    name = model.class_name(overall.classification)
    descriptions = getattr(model, "classification_descriptions", {}) or {}
    sentences = [f"Taken as a whole, the quality management system sits in the "
                 f"\u201c{name}\u201d corner of the two axes."]
    if descriptions.get(overall.classification):
        sentences.append(descriptions[overall.classification].strip())
    counts = overall.class_counts
    parts = [
        f"{counts.get(key, 0)} {model.class_name(key).lower()}"
        for key in CLASS_ORDER
        if counts.get(key, 0)
    ]
    if parts:
        sentences.append(f"Of the {sum(counts.values())} requirements rated on both axes: "
                         + ", ".join(parts) + ".")
    c_level, o_level = model.thresholds.compliance, model.thresholds.outcome
    sentences.append(
        f"A requirement counts as met from compliance level {c_level} "
        f"({model.level_label('compliance', c_level).lower()}) and as driving results from "
        f"outcome level {o_level} ({model.level_label('outcome', o_level).lower()})."
    )
    if overall.compliance_score is not None and overall.outcome_score is not None:
        sentences.append(
            f"The overall picture compares the weighted average scores, compliance "
            f"{overall.compliance_score:.0f} and outcome {overall.outcome_score:.0f} out of 100, "
            f"with the same thresholds ({model.compliance_score_threshold:.0f} and "
            f"{model.outcome_score_threshold:.0f})."
        )
    if overall.applicable and overall.answered < overall.applicable:
        sentences.append(
            f"{overall.answered} of {overall.applicable} applicable items are answered; "
            "the figures will move as the rest are rated."
        )
    return sentences


def class_counts(result) -> list[tuple[str, str, int]]:
    """(class key, display name, count) in the order leaders read them."""
    counts = result.overall.class_counts
    return [(key, result.model.class_name(key), counts.get(key, 0)) for key in CLASS_ORDER]
