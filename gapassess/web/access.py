"""Access rules as decorators: per-organisation isolation and roles.

Another organisation's ids answer 404, exactly as ids that do not exist, so nobody can
learn which ids are in use. Roles are ordered: a consultant may do what an assessor may,
an assessor what a viewer may; site admins act as consultants everywhere.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, g
from flask_login import current_user, login_required

from gapassess.db import accounts
from gapassess.db.models import Assessment, Organisation
from gapassess.web.database import get_session

RANK = {"viewer": 1, "assessor": 2, "consultant": 3}


def _require(org_id: int, minimum: str) -> str:
    role = accounts.role_in(get_session(), current_user, org_id)
    if role is None:
        abort(404)
    if RANK[role] < RANK[minimum]:
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
            assessment = get_session().get(Assessment, assessment_id)
            if assessment is None:
                abort(404)
            g.role = _require(assessment.organisation_id, minimum)
            g.assessment = assessment
            g.org = assessment.organisation
            return view(assessment_id=assessment_id, **kwargs)

        return wrapped

    return decorator


def site_admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(**kwargs):
        if not current_user.is_site_admin:
            abort(404)
        return view(**kwargs)

    return wrapped
