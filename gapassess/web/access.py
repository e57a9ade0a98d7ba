"""Access rules as decorators: per-organisation isolation and roles.

Another organisation's ids answer 404, exactly as ids that do not exist, so nobody can
learn which ids are in use. Roles are ordered: a consultant may do what an assessor may,
an assessor what a viewer may; site admins act as consultants everywhere.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, g
from flask_login import current_user, login_required
from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import contains_eager

from gapassess.db import accounts
from gapassess.db.models import ROLE_RANK, Assessment, Membership, Organisation
from gapassess.domain.review import status_name
from gapassess.web.database import get_session


def init_app(app) -> None:
    app.add_template_global(has_role)
    app.add_template_global(status_name, "review_status_name")  # the pages' status names


def has_role(minimum: str) -> bool:
    """Whether the current user's role in ``g.org`` (set by the decorators) is at least
    ``minimum``; also a template global."""
    role = g.get("role")
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[minimum]


def _require(org_id: int, minimum: str) -> str:
    return _check(accounts.role_in(get_session(), current_user, org_id), minimum)


def _check(role: str | None, minimum: str) -> str:
    if role is None:
        abort(404)
    if ROLE_RANK[role] < ROLE_RANK[minimum]:
        abort(403)
    return role


def org_access(minimum: str = "viewer"):
    """View takes ``org_id``; sets ``g.org`` and ``g.role``."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(org_id: int, **kwargs):
            org = get_session().get(Organisation, org_id)
            if org is None:
                abort(404)
            g.role = _require(org.id, minimum)
            g.org = org
            return view(org_id=org_id, **kwargs)

        return wrapped

    return decorator


def assessment_access(minimum: str = "viewer"):
    """View takes ``assessment_id``; sets ``g.assessment``, ``g.org`` and ``g.role``."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(assessment_id: int, **kwargs):
            assessment, role = _assessment_and_role(assessment_id)
            if assessment is None:
                abort(404)
            g.role = _check(role, minimum)
            g.assessment = assessment
            g.org = assessment.organisation
            return view(assessment_id=assessment_id, **kwargs)

        return wrapped

    return decorator


# Built once (composing it costs more than running it): the assessment with its organisation
# and the user's role there, if any.
_ASSESSMENT_AND_ROLE = (
    select(Assessment, Membership.role)
    .join(Assessment.organisation)
    .outerjoin(
        Membership,
        and_(
            Membership.organisation_id == Assessment.organisation_id,
            Membership.user_id == bindparam("user_id"),
        ),
    )
    .options(contains_eager(Assessment.organisation))
    .where(Assessment.id == bindparam("assessment_id"))
)


def _assessment_and_role(assessment_id: int) -> tuple[Assessment | None, str | None]:
    """The assessment (organisation loaded) and the current user's role there, in one query.

    Site admins act as consultants everywhere, as in ``accounts.role_in``.
    """
    params = {"user_id": current_user.id, "assessment_id": assessment_id}
    row = get_session().execute(_ASSESSMENT_AND_ROLE, params).first()
    if row is None:
        return None, None
    assessment, role = row
    return assessment, "consultant" if current_user.is_site_admin else role


def site_admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(**kwargs):
        if not current_user.is_site_admin:
            abort(404)
        return view(**kwargs)

    return wrapped
