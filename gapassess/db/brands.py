"""Report branding stored per organisation, and once for the installation's consultant firm.

An organisation with any branding of its own (a logo, a colour or a template) has its
reports made with exactly that; one with none gets the firm's. Every change is recorded in
the audit trail (the files by name, kind and size, never their bytes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gapassess.db import audit
from gapassess.db.models import Brand, Organisation, User

#: The audit entity id of the firm's brand (organisations' brands use the organisation id).
FIRM = "firm"  # i18n: not shown
FIELDS = ("logo", "logo_type", "primary_colour", "accent_colour", "template", "template_name")


@dataclass(frozen=True)
class ReportBrand:
    """What a report is made with: ``branding`` (logo and colours, or None) and the Word
    template's bytes (None: the shipped template)."""

    branding: Any  # gapassess.domain.report.branding.Branding | None
    template: bytes | None


def brand_of(session: Session, organisation_id: int | None) -> Brand | None:
    """The stored brand of an organisation, or of the firm for None."""
    if organisation_id is None:
        return session.scalar(
            select(Brand).where(Brand.organisation_id.is_(None)).order_by(Brand.id).limit(1))
    return session.scalar(select(Brand).where(Brand.organisation_id == organisation_id))


def is_set(brand: Brand | None) -> bool:
    return brand is not None and bool(
        brand.logo or brand.primary_colour or brand.accent_colour or brand.template)


def _summary(brand: Brand) -> dict[str, Any]:
    """The audit's view: colours, and the files as kind, name and size."""
    return {
        "logo": f"{brand.logo_type}, {len(brand.logo)} bytes" if brand.logo else "",
        "primary_colour": brand.primary_colour,
        "accent_colour": brand.accent_colour,
        "template": (f"{brand.template_name}, {len(brand.template)} bytes"
                     if brand.template else ""),
    }


def save_brand(session: Session, organisation_id: int | None, values: dict[str, Any], *,
               user: User | None) -> bool:
    """Set ``values`` (names from FIELDS) on the brand of an organisation (None: the
    firm's), creating it when there is none; True when something changed."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown brand fields: {', '.join(sorted(unknown))}")
    brand = brand_of(session, organisation_id)
    created = brand is None
    if brand is None:
        brand = Brand(organisation_id=organisation_id, logo_type="", primary_colour="",
                      accent_colour="", template_name="")
        session.add(brand)
    before = _summary(brand)
    for name, value in values.items():
        setattr(brand, name, value)
    session.flush()
    event = audit.record(
        session,
        entity_type="brand",
        entity_id=FIRM if organisation_id is None else organisation_id,
        action="create" if created else "update",
        organisation_id=organisation_id,
        user=user,
        before=None if created else before,
        after=_summary(brand),
    )
    return created or event is not None


def effective_brand(session: Session, organisation_id: int) -> tuple[Brand | None, bool]:
    """The brand reports on the organisation are made with, and whether it is the firm's:
    the organisation's own when it has set anything, else the firm's; never a mix."""
    own = brand_of(session, organisation_id)
    if is_set(own):
        return own, False
    firm = brand_of(session, None)
    return (firm, True) if is_set(firm) else (None, False)


def report_brand(session: Session, organisation: Organisation) -> ReportBrand:
    """The branding a report on ``organisation`` is made with: its own, else the firm's."""
    from gapassess.domain.report.branding import Branding, BrandingError, Logo, check_logo

    brand, _from_firm = effective_brand(session, organisation.id)
    if brand is None:
        return ReportBrand(None, None)
    logo: Logo | None = None
    if brand.logo:
        try:
            logo = check_logo(brand.logo)
        except BrandingError:  # stored before a rule tightened: the report goes without
            logo = None
    return ReportBrand(Branding(logo, brand.primary_colour, brand.accent_colour),
                       brand.template or None)
