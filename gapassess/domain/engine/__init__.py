"""The scoring and roadmap engine: ``assess(questionnaire, answers, ...)`` -> AssessmentResult.

See docs/scoring.md for the rules and the JSON output.
"""

from gapassess.domain.engine.assess import OrgProfile, assess
from gapassess.domain.engine.results import (
    AssessmentResult,
    ClauseResult,
    ItemResult,
    OverallResult,
    Phase,
    Roadmap,
    RoadmapAction,
)

# Names of the package's public API.
__all__ = [
    "AssessmentResult", "ClauseResult", "ItemResult", "OrgProfile",  # i18n: not shown
    "OverallResult", "Phase", "Roadmap", "RoadmapAction",  # i18n: not shown
    "assess",
]
