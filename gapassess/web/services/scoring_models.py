"""The scoring model that applies to an organisation, for every page that scores or flags.

The installation's model (setting SCORING_MODEL, from GAPASSESS_SCORING_MODEL) unless the
organisation names one of the model files in the installation's model folders (the shipped
``scoring/`` and SCORING_MODELS_PATH). A model that cannot be used raises ScoringModelError,
shown as a page naming the file, line and field: never replaced by the default.
"""

from __future__ import annotations

from flask import current_app

from gapassess.domain.scoring_model import ScoringModel
from gapassess.domain.scoring_model_files import ModelSettings


def model_settings() -> ModelSettings:
    config = current_app.config
    return ModelSettings.parse(config.get("SCORING_MODEL"), config.get("SCORING_MODELS_PATH"))


def model_for(org) -> ScoringModel:
    """The model of organisation ``org`` (its own file, or the installation's)."""
    return model_settings().load(getattr(org, "scoring_model", None) or None)


def model_names() -> list[str]:
    """The model files an organisation can choose."""
    return model_settings().names()
