"""Reading YAML with the line of every mapping, key and list entry kept for error messages.

Plain floats are deliberately not resolved: ``clause: 4.1`` stays the text "4.1" (a float
would turn "10.10" into 10.1) and pydantic turns numeric text into numbers where a field
wants one (``weight: 1.5``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gapassess.domain.questionnaire.issues import ValidationIssue
from gapassess.i18n import _

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict[Any, Any]):
    """A mapping from YAML that remembers where it and each of its keys start (1-based)."""

    line: int | None = None

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int | None:
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    """A sequence from YAML that remembers the line of each entry (1-based)."""

    line: int | None = None

    def __init__(self, *args: Any):
        super().__init__(*args)
        self.entry_lines: list[int] = []

    def line_of(self, index: int) -> int | None:
        if 0 <= index < len(self.entry_lines):
            return self.entry_lines[index]
        return self.line


class _LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:float"]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: Any):
        super().__init__(stream)
        self.duplicate_keys: list[tuple[Any, int]] = []


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> Iterator[LineDict]:
    data = LineDict()
    data.line = node.start_mark.line + 1
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                _("while constructing a mapping"), node.start_mark,
                _("found an unhashable key"), key_node.start_mark,
            ) from None  # fmt: skip
        line = key_node.start_mark.line + 1
        if key in data:
            loader.duplicate_keys.append((key, line))
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = line


def _construct_seq(loader: _LineLoader, node: yaml.SequenceNode) -> Iterator[LineList]:
    data = LineList()
    data.line = node.start_mark.line + 1
    yield data
    for child in node.value:
        data.append(loader.construct_object(child, deep=True))
        data.entry_lines.append(child.start_mark.line + 1)


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


@dataclass
class YamlDocument:
    """The parsed content of one file, or the reasons it could not be parsed."""

    path: Path
    data: Any = None
    issues: list[ValidationIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues


def read_yaml(path: Path) -> YamlDocument:
    """Parse one YAML file; every failure becomes an issue naming the file (and line)."""
    doc = YamlDocument(path)
    name = str(path)

    def fail(message: str, line: int | None = None) -> YamlDocument:
        doc.issues.append(ValidationIssue(name, None, None, line, message))
        return doc

    if not path.exists():
        return fail(_("file not found"))
    if not path.is_file():
        return fail(_("not a file"))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return fail(_("cannot read file: %(reason)s", reason=exc.strerror or exc))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return fail(_("not valid UTF-8 text (byte %(byte)d); save the file as UTF-8",
                      byte=exc.start), line)
    if text.startswith("\ufeff"):
        text = text[1:]
    loader = _LineLoader(text)
    try:
        doc.data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        message = (_("YAML syntax error: %(problem)s (%(context)s)", problem=problem,
                     context=context) if context
                   else _("YAML syntax error: %(problem)s", problem=problem))
        return fail(message, mark.line + 1 if mark is not None else None)
    finally:
        loader.dispose()
    for key, line in loader.duplicate_keys:
        doc.issues.append(
            ValidationIssue(name, None, str(key), line,
                            _("key '%(key)s' appears twice in a mapping", key=key))
        )
    return doc
