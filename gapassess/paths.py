"""Where the shipped data folders live.

In a source checkout (or an editable install) the folders sit at the repository root
next to the package. A built wheel carries them inside the package under ``_data``
(see ``[tool.hatch.build.targets.wheel.force-include]`` in pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder holding shipped data ``name`` (questionnaires, scoring, templates)."""
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / name


def questionnaires_dir() -> Path:
    return data_dir("questionnaires")


def scoring_dir() -> Path:
    return data_dir("scoring")


def templates_dir() -> Path:
    return data_dir("templates")
