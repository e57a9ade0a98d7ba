"""Rules of dotted clause numbers ("4", "6.1.2", "10.1"), whatever the standard."""

from __future__ import annotations

import re

CLAUSE_NUMBER_RE = re.compile(r"^\d+(\.\d+)*$")


def clause_key(clause: str) -> tuple[int, ...]:
    """Sort key for clause numbers: "10.1" after "9.3", "7.1.5.2" after "7.1.5"."""
    return tuple(int(part) for part in clause.split(".") if part.isdigit())


def covers(clause: str, target: str) -> bool:
    """True when ``clause`` equals ``target`` or lies below it ("6.1.2" covers "6.1")."""
    return clause == target or clause.startswith(target + ".")


def parent_clause(clause: str) -> str | None:
    """The clause one level up ("6.1.2" -> "6.1"); None for a top-level clause."""
    head, dot, _ = clause.rpartition(".")
    return head if dot else None


def top_clause(clause: str) -> str:
    """The top-level clause a number lies under ("6.1.2" -> "6")."""
    return clause.split(".")[0]


def subclause(clause: str) -> str:
    """The second-level clause a number lies under ("6.1.2" -> "6.1"; "6" stays "6")."""
    return ".".join(clause.split(".")[:2])
