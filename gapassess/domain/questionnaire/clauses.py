"""Clause numbers, titles, tags and change kinds the question bank is checked against.

Titles are the clause headings of ISO 9001:2026 (numbers and titles are not protected
text). Sub-paragraphs that carry no heading in the standard get a short descriptive title.
"""

from __future__ import annotations

CLAUSE_TITLES: dict[str, str] = {
    "4": "Context of the organization",
    "4.1": "Understanding the organization and its context",
    "4.2": "Understanding the needs and expectations of interested parties",
    "4.3": "Determining the scope of the quality management system",
    "4.4": "Quality management system and its processes",
    "5": "Leadership",
    "5.1": "Leadership and commitment",
    "5.1.1": "Leadership and commitment: general",
    "5.1.2": "Customer focus",
    "5.2": "Quality policy",
    "5.2.1": "Establishing the quality policy",
    "5.2.2": "Communicating the quality policy",
    "5.3": "Organizational roles, responsibilities and authorities",
    "6": "Planning",
    "6.1": "Actions to address risks and opportunities",
    "6.1.1": "Determining risks and opportunities",
    "6.1.2": "Actions to address risks",
    "6.1.3": "Actions to address opportunities",
    "6.2": "Quality objectives and planning to achieve them",
    "6.2.1": "Establishing quality objectives",
    "6.2.2": "Planning to achieve quality objectives",
    "6.3": "Planning of changes",
    "7": "Support",
    "7.1": "Resources",
    "7.1.1": "Resources: general",
    "7.1.2": "People",
    "7.1.3": "Infrastructure",
    "7.1.4": "Environment for the operation of processes",
    "7.1.5": "Monitoring and measuring resources",
    "7.1.5.1": "Monitoring and measuring resources: general",
    "7.1.5.2": "Measurement traceability",
    "7.1.6": "Organizational knowledge",
    "7.2": "Competence",
    "7.3": "Awareness",
    "7.4": "Communication",
    "7.5": "Documented information",
    "7.5.1": "Documented information: general",
    "7.5.2": "Creating and updating",
    "7.5.3": "Control of documented information",
    "7.5.3.1": "Availability, suitability and protection",
    "7.5.3.2": "Control activities",
    "8": "Operation",
    "8.1": "Operational planning and control",
    "8.2": "Requirements for products and services",
    "8.2.1": "Customer communication",
    "8.2.2": "Determining the requirements for products and services",
    "8.2.3": "Review of the requirements for products and services",
    "8.2.4": "Changes to requirements for products and services",
    "8.3": "Design and development of products and services",
    "8.3.1": "Design and development: general",
    "8.3.2": "Design and development planning",
    "8.3.3": "Design and development inputs",
    "8.3.4": "Design and development controls",
    "8.3.5": "Design and development outputs",
    "8.3.6": "Design and development changes",
    "8.4": "Control of externally provided processes, products and services",
    "8.4.1": "External provision: general",
    "8.4.2": "Type and extent of control",
    "8.4.3": "Information for external providers",
    "8.5": "Production and service provision",
    "8.5.1": "Control of production and service provision",
    "8.5.2": "Identification and traceability",
    "8.5.3": "Property belonging to customers or external providers",
    "8.5.4": "Preservation",
    "8.5.5": "Post-delivery activities",
    "8.5.6": "Control of changes",
    "8.6": "Release of products and services",
    "8.7": "Control of nonconforming outputs",
    "8.7.1": "Identifying and controlling nonconforming outputs",
    "8.7.2": "Records of nonconforming outputs",
    "9": "Performance evaluation",
    "9.1": "Monitoring, measurement, analysis and evaluation",
    "9.1.1": "Monitoring and measurement: general",
    "9.1.2": "Customer satisfaction",
    "9.1.3": "Analysis and evaluation",
    "9.2": "Internal audit",
    "9.2.1": "Internal audit: purpose",
    "9.2.2": "Internal audit programme",
    "9.3": "Management review",
    "9.3.1": "Management review: general",
    "9.3.2": "Management review inputs",
    "9.3.3": "Management review outputs",
    "10": "Improvement",
    "10.1": "Continual improvement",
    "10.2": "Nonconformity and corrective action",
}

#: Top-level clauses in order.
TOP_CLAUSES: tuple[str, ...] = ("4", "5", "6", "7", "8", "9", "10")

#: Clause numbers an item may be attached to (2026 numbering; the top-level numbers are not).
CLAUSES_2026: frozenset[str] = frozenset(c for c in CLAUSE_TITLES if "." in c)

#: ISO 9001:2015 clause numbers: the 2026 set without 6.1.3, plus 10.3.
CLAUSES_2015: frozenset[str] = (CLAUSES_2026 - {"6.1.3"}) | {"10.3"}

CLAUSE_TITLES_2015: dict[str, str] = {
    **{c: CLAUSE_TITLES[c] for c in CLAUSES_2015 if c in CLAUSE_TITLES},
    "6.1.1": "Considering issues and requirements when planning",
    "6.1.2": "Planning actions on risks and opportunities",
    "10.1": "Improvement: general",
    "10.2": "Nonconformity and corrective action",
    "10.3": "Continual improvement",
}

#: Sub-clauses that must each have at least one item in a complete ISO 9001:2026 bank.
COVERAGE_CLAUSES: tuple[str, ...] = (
    "4.1", "4.2", "4.3", "4.4",
    "5.1.1", "5.1.2", "5.2", "5.3",
    "6.1.1", "6.1.2", "6.1.3", "6.2", "6.3",
    "7.1.1", "7.1.2", "7.1.3", "7.1.4", "7.1.5", "7.1.6", "7.2", "7.3", "7.4", "7.5",
    "8.1", "8.2", "8.3", "8.4", "8.5", "8.6", "8.7",
    "9.1.1", "9.1.2", "9.1.3", "9.2", "9.3",
    "10.1", "10.2",
)  # fmt: skip

#: How a requirement changed from ISO 9001:2015 to 2026.
CHANGE_KINDS: tuple[str, ...] = ("new", "expanded", "clarified", "structural", "unchanged")

#: The documented tag list; the validator rejects any other tag.
TAGS: tuple[str, ...] = (
    "climate", "digital", "culture", "ethics", "leadership", "risk", "opportunity",
    "change", "knowledge", "outcome-measures", "customer", "supplier", "competence",
    "documented-information", "audit", "improvement", "process-approach",
    "interested-parties", "context", "design", "operations", "measurement", "awareness",
    "communication", "resources", "nonconformity", "review", "policy", "objectives",
    "infrastructure",
)  # fmt: skip

#: Names of the two rating axes.
SCALE_NAMES: tuple[str, ...] = ("compliance", "outcome")
SCALE_LEVELS: tuple[int, ...] = (0, 1, 2, 3, 4)


def is_level(value: object) -> bool:
    """Whether ``value`` is a level of the scales: a whole number 0-4 (True is not 1 here)."""
    return isinstance(value, int) and not isinstance(value, bool) and value in SCALE_LEVELS


def clause_key(clause: str) -> tuple[int, ...]:
    """Sort key for clause numbers: "10.1" after "9.3", "7.1.5.2" after "7.1.5"."""
    return tuple(int(part) for part in clause.split(".") if part.isdigit())


def covers(clause: str, target: str) -> bool:
    """True when ``clause`` equals ``target`` or lies below it ("6.1.2" covers "6.1")."""
    return clause == target or clause.startswith(target + ".")
