"""Factories for test data: every argument has a sensible default, override with kwargs."""

from __future__ import annotations

import itertools
from datetime import date

from gapassess.db import accounts, responses
from gapassess.db.models import Assessment, Organisation, Response, User

PASSWORD = "correct-horse-battery"
# Few rounds in tests: the production hash is deliberately slow.
FAST_HASH = "pbkdf2:sha256:1000"
_seq = itertools.count(1)


def gen_org(session, **kwargs) -> Organisation:
    n = next(_seq)
    values = {
        "name": f"Organisation {n}",
        "sector": "Manufacturing",
        "size": "50-249",
        "sites": 1,
        "target_audit_date": date(2027, 6, 30),
        "capacity_days_per_month": 8.0,
    }
    values.update(kwargs)
    org = Organisation(**values)
    session.add(org)
    session.flush()
    return org


def gen_user(session, org: Organisation | None = None, role: str = "assessor", **kwargs) -> User:
    n = next(_seq)
    user = accounts.create_user(
        session,
        email=kwargs.pop("email", f"user{n}@example.com"),
        name=kwargs.pop("name", f"User {n}"),
        password=kwargs.pop("password", PASSWORD),
        site_admin=kwargs.pop("site_admin", False),
        hash_method=FAST_HASH,
    )
    if org is not None:
        accounts.add_membership(session, user, org, role)
    return user


def gen_org_with_people(session, **org_fields) -> tuple[Organisation, Organisation, dict]:
    """Acme Widgets (``org_fields`` override its defaults) with one user per role
    (consultant@, assessor@, viewer@acme.example), Other Co with its consultant
    out@other.example, and a site admin admin@example.com; committed. Returns
    (org, other, people by role, "outsider" and "admin")."""
    org = gen_org(session, **{"name": "Acme Widgets", **org_fields})
    other = gen_org(session, name="Other Co")
    people = {
        role: gen_user(session, org, role=role, email=f"{role}@acme.example")
        for role in ("consultant", "assessor", "viewer")
    }
    people["outsider"] = gen_user(session, other, role="consultant", email="out@other.example")
    people["admin"] = gen_user(session, None, email="admin@example.com", site_admin=True)
    session.commit()
    return org, other, people


def gen_assessment(session, org: Organisation, **kwargs) -> Assessment:
    values = {
        "organisation_id": org.id,
        "questionnaire_id": "iso9001-2026",
        "questionnaire_version": "1.0.0",
        "title": "Transition gap assessment",
        "scope": "All processes",
    }
    values.update(kwargs)
    return responses.create_assessment(session, **values)


def gen_response(
    session, assessment: Assessment, item_id: str = "4.1-context-issues", **kwargs
) -> Response:
    values = {"compliance": 2, "outcome": 1}
    values.update(kwargs)
    return responses.save_response(session, assessment, item_id, values, user=None)
