"""Load the demo organisations, people and assessments into the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from gapassess.db import accounts, responses
from gapassess.db.models import Assessment, Organisation
from gapassess.domain.demo import demo_answers

DEMO_PASSWORD = "demo-password"
DEMO_CONSULTANT = "consultant@example.com"


@dataclass(frozen=True)
class DemoOrg:
    name: str
    sector: str
    size: str
    sites: int
    certification_status: str
    certification_body: str
    certificate_expiry: date | None
    target_audit_date: date
    capacity: float
    profile: str
    people: tuple[tuple[str, str, str], ...]  # email, name, role
    baseline: bool = False
    #: Last year's assessment on an earlier bank version ("" for none): final, not a
    #: baseline, so the demo shows moving to the newer version and copying forward.
    earlier_bank_version: str = ""


DEMO_ORGS = (
    DemoOrg(
        "Northfield Precision Components",
        "Manufacturing: machined parts",
        "250-499",
        2,
        "certified-2015",
        "Albion Certification Ltd",
        date(2027, 6, 30),
        date(2027, 5, 17),
        6.0,
        "compliance-only",
        (
            ("quality@northfield.example", "Priya Shah", "assessor"),
            ("md@northfield.example", "Tom Hale", "viewer"),
        ),
        baseline=True,
    ),
    DemoOrg(
        "Brightwater Field Services",
        "Services: facilities maintenance",
        "250-499",
        6,
        "certified-2015",
        "Meridian Assurance",
        date(2027, 11, 30),
        date(2027, 9, 20),
        12.0,
        "outcome-driven",
        (("qhse@brightwater.example", "Maria Lopez", "assessor"),),
        earlier_bank_version="1.0",
    ),
    DemoOrg(
        "Kitebird Labs",
        "Technology: connected sensors",
        "10-49",
        1,
        "not-certified",
        "",
        None,
        date(2028, 2, 28),
        3.0,
        "startup",
        (("ops@kitebird.example", "Sam Okafor", "assessor"),),
    ),
)


def demo_loaded(session: Session) -> bool:
    return session.scalar(select(Organisation.id).limit(1)) is not None


def load_demo(session: Session, questionnaire) -> list[Organisation]:
    """Create the demo data; the caller commits. Returns the organisations created."""
    consultant = accounts.find_user(session, DEMO_CONSULTANT) or accounts.create_user(
        session, email=DEMO_CONSULTANT, name="Dana Whitfield (consultant)", password=DEMO_PASSWORD
    )
    created = []
    for spec in DEMO_ORGS:
        org = Organisation(
            name=spec.name,
            sector=spec.sector,
            size=spec.size,
            sites=spec.sites,
            certification_status=spec.certification_status,
            certification_body=spec.certification_body,
            certificate_expiry=spec.certificate_expiry,
            target_audit_date=spec.target_audit_date,
            capacity_days_per_month=spec.capacity,
        )
        session.add(org)
        session.flush()
        accounts.add_membership(session, consultant, org, "consultant")
        for email, name, role in spec.people:
            user = accounts.find_user(session, email) or accounts.create_user(
                session, email=email, name=name, password=DEMO_PASSWORD
            )
            accounts.add_membership(session, user, org, role)
        baseline = None
        if spec.baseline:
            baseline = _assessment(
                session,
                org,
                questionnaire,
                "2025 internal gap review",
                f"{spec.profile}-2025",
                2025,
                None,
            )
            baseline.status = "final"
        _assessment(
            session,
            org,
            questionnaire,
            questionnaire.title,
            spec.profile,
            2026,
            baseline,
        )
        created.append(org)
    for spec, org in zip(DEMO_ORGS, created, strict=True):  # after the others: ids stay put
        if spec.earlier_bank_version:
            _earlier_assessment(session, org, questionnaire.id, spec)
    return created


def _earlier_assessment(session: Session, org: Organisation, qid: str, spec: DemoOrg) -> None:
    from gapassess.domain.questionnaire import get_questionnaire

    try:
        bank = get_questionnaire(qid, spec.earlier_bank_version)
    except KeyError:  # that version is not installed here: nothing to show
        return
    earlier = _assessment(session, org, bank, f"2025 gap review (bank {bank.version})",
                          spec.profile, 2025, None)
    earlier.status = "final"


def _assessment(session, org, questionnaire, title, profile, seed, baseline) -> Assessment:
    assessment = responses.create_assessment(
        session,
        organisation_id=org.id,
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        title=title,
        scope=f"All processes and sites of {org.name}",
        baseline_id=baseline.id if baseline else None,
    )
    for answer in demo_answers(questionnaire, profile, seed=seed):
        item_id = answer.pop("item_id")
        responses.save_response(session, assessment, item_id, answer, user=None,
                                actor="demo data", item=questionnaire.item(item_id))
    return assessment
