"""Which scoring model file applies: the installation's, or one an organisation names.

An installation may set its own model file (GAPASSESS_SCORING_MODEL, a path) in place of
the shipped ``scoring/default.yaml``, and extra folders of model files
(GAPASSESS_SCORING_MODELS_PATH, separated by os.pathsep). An organisation may name one
model file (by its file name) from the shipped ``scoring/`` folder or those folders; the
shipped folder comes first when two folders hold the same name.

A model that cannot be found or read raises ScoringModelError naming the file (and, for a
file that does not validate, the line and field): it is never replaced by the default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from gapassess.domain.scoring_model import (
    ScoringModel,
    ScoringModelError,
    cached_scoring_model,
    default_model_path,
)
from gapassess.i18n import _
from gapassess.paths import scoring_dir

ENV_MODEL = "GAPASSESS_SCORING_MODEL"
ENV_MODELS_PATH = "GAPASSESS_SCORING_MODELS_PATH"
SUFFIXES = (".yaml", ".yml")


def _folders(value: str | None) -> tuple[Path, ...]:
    text = value or ""
    return tuple(Path(part).expanduser() for part in text.split(os.pathsep) if part.strip())


@dataclass(frozen=True)
class ModelSettings:
    """The installation's model file (None: the shipped one) and its extra model folders."""

    model: Path | None = None
    folders: tuple[Path, ...] = ()

    @classmethod
    def parse(cls, model: str | None, folders: str | None) -> ModelSettings:
        """Settings from the two settings' text (a path; folders separated by os.pathsep)."""
        path = Path(model.strip()).expanduser() if model and model.strip() else None
        return cls(path, _folders(folders))

    @classmethod
    def from_environment(cls) -> ModelSettings:
        return cls.parse(os.environ.get(ENV_MODEL), os.environ.get(ENV_MODELS_PATH))

    def search_folders(self) -> list[Path]:
        """The shipped scoring folder, then the extra folders, in order."""
        return [scoring_dir(), *self.folders]

    def installation_path(self) -> Path:
        return self.model if self.model is not None else default_model_path()

    def names(self) -> list[str]:
        """File names of the model files an organisation can choose, sorted."""
        found: set[str] = set()
        for folder in self.search_folders():
            if folder.is_dir():
                found.update(p.name for p in folder.iterdir()
                             if p.suffix in SUFFIXES and p.is_file())
        return sorted(found)

    def path_of(self, name: str | None) -> Path:
        """The file of model ``name`` (a file name); the installation's model for no name."""
        if not name:
            return self.installation_path()
        if Path(name).name != name or name.startswith("."):
            raise ScoringModelError([_("%(name)s: a scoring model is named by its file name only",
                                        name=name)])
        for folder in self.search_folders():
            candidate = folder / name
            try:
                if candidate.is_file():
                    return candidate
            except OSError:  # e.g. a name longer than the file system allows: not a file here
                continue
        where = ", ".join(str(folder) for folder in self.search_folders())
        raise ScoringModelError(
            [_("%(name)s: no scoring model file of this name in %(folders)s (set %(setting)s "
               "to the folder that holds it, or choose another model)", name=name,
               folders=where, setting=ENV_MODELS_PATH)]
        )

    def load(self, name: str | None = None) -> ScoringModel:
        """The model named ``name`` (the installation's for none), read once per change."""
        return cached_scoring_model(self.path_of(name))
