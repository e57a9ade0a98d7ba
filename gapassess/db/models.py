"""Typed SQLAlchemy models. The schema is created only by the Alembic migrations."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Float,
    ForeignKey,
    Index,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from gapassess.domain.engine.owners import STATUSES

ROLES = ("consultant", "assessor", "viewer")
# What a role may do includes what every lower role may do.
ROLE_RANK = {"viewer": 1, "assessor": 2, "consultant": 3}
ASSESSMENT_STATUSES = ("draft", "final")
SET_NULL = "SET NULL"  # i18n: not shown (the SQL action of a foreign key)
CERTIFICATION_STATUSES = ("certified-2015", "certified-2026", "not-certified", "in-progress")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    # Every model here maps one Table (SQLAlchemy types __table__ as any FromClause).
    __table__: ClassVar[Table]
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map = {dict[str, Any]: JSON}


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(120), default="")
    size: Mapped[str] = mapped_column(String(40), default="")
    sites: Mapped[int] = mapped_column(default=1)
    certification_status: Mapped[str] = mapped_column(String(40), default="certified-2015")
    certification_body: Mapped[str] = mapped_column(String(200), default="")
    certificate_expiry: Mapped[date | None]
    next_audit_date: Mapped[date | None]  # next surveillance or recertification audit
    # Transition dates the organisation's certification body gave it (replace the expected
    # ones for this organisation; docs/transition.md).
    cb_transition_end: Mapped[date | None]
    cb_all_audits_date: Mapped[date | None]
    target_audit_date: Mapped[date | None]
    capacity_days_per_month: Mapped[float] = mapped_column(default=8.0)
    # File name of the organisation's own scoring model in the installation's model folders;
    # "" for the installation's model.
    scoring_model: Mapped[str] = mapped_column(String(255), default="", server_default="")
    # The working calendar (gapassess.domain.working_days): the ISO 3166 alpha-2 country
    # whose public holidays are not working days ("" for none), and company shutdown
    # periods, one "YYYY-MM-DD to YYYY-MM-DD label" a line.
    country: Mapped[str] = mapped_column(String(2), default="", server_default="")
    shutdown_periods: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )
    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    is_site_admin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    # Flask-Login protocol, kept here so the web layer needs no wrapper class.
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.id)


class Membership(Base):
    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")


class Assessment(Base):
    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    questionnaire_id: Mapped[str] = mapped_column(String(100))
    questionnaire_version: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    baseline_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment.id", ondelete=SET_NULL)
    )
    #: The roadmap's what-if scenarios, as gapassess.domain.engine.scenarios stores them.
    scenarios: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, server_default=text("'[]'"))
    #: Who ran the assessment, named on the report's cover ("" for not named).
    assessor_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    assessor_firm: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: The assessment this one was started from (copied forward, or moved to a newer bank
    #: version) and how: "copy", "move" or "file" (a 2015-based spreadsheet); "" for none.
    origin_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment.id", ondelete=SET_NULL))
    origin_kind: Mapped[str] = mapped_column(String(10), default="", server_default="")
    #: A consultant's reason for marking the assessment final before every applicable item
    #: was accepted (gapassess.domain.review.final_check); "" for no override.
    final_override_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def read_only(self) -> bool:
        """A final assessment keeps its answers, evidence and review as they are (the one
        place this is decided; a consultant reopens it to change anything)."""
        return self.status == "final"

    organisation: Mapped[Organisation] = relationship(back_populates="assessments")
    baseline: Mapped[Assessment | None] = relationship(
        remote_side=[id], foreign_keys=[baseline_id])
    origin: Mapped[Assessment | None] = relationship(remote_side=[id], foreign_keys=[origin_id])
    responses: Mapped[list[Response]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )


class Response(Base):
    __tablename__ = "response"
    __table_args__ = (UniqueConstraint("assessment_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(120))
    compliance: Mapped[int | None]
    outcome: Mapped[int | None]
    not_applicable: Mapped[bool] = mapped_column(default=False)
    justification: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200), default="")
    #: A carried answer (gapassess.domain.carry): where it came from, when it was answered
    #: there, what to look at, and whether it still waits to be confirmed.
    carried_from: Mapped[str] = mapped_column(String(500), default="", server_default="")
    carried_at: Mapped[datetime | None]
    carry_warning: Mapped[str] = mapped_column(Text, default="", server_default="")
    to_confirm: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: When the evidence text last changed (carried with it); None for no evidence.
    evidence_at: Mapped[datetime | None]
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete=SET_NULL)
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    assessment: Mapped[Assessment] = relationship(back_populates="responses")
    updated_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class Assignment(Base):
    """Who is asked to answer one item of an assessment, by when, and where its review
    stands (gapassess.domain.review). No row: the item is unassigned."""

    __tablename__ = "assignment"
    __table_args__ = (UniqueConstraint("assessment_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(120))
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete=SET_NULL), index=True
    )
    due: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="unassigned")
    submitted_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete=SET_NULL)
    )
    reviewed_at: Mapped[datetime | None]
    comment: Mapped[str] = mapped_column(Text, default="", server_default="")  # on return
    #: Who last changed the answer or its evidence since the assignee submitted it (None:
    #: nobody); that person may not accept it (gapassess.domain.review).
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete=SET_NULL)
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    assessment: Mapped[Assessment] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])

    __mapper_args__ = {"version_id_col": version}


class AuditEvent(Base):
    __tablename__ = "audit_event"
    # Item histories are read by entity on every answer save and page view.
    __table_args__ = (Index("ix_audit_event_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete=SET_NULL))
    actor: Mapped[str] = mapped_column(String(200), default="")
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(20))
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]


INVITATION_DAYS = 14
ROADMAP_STATUSES = STATUSES  # the domain's list (gapassess.domain.engine.owners)


class Invitation(Base):
    """A consultant's invitation for someone to join an organisation with a role."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete=SET_NULL)
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]

    organisation: Mapped[Organisation] = relationship()


class Brand(Base):
    """The report branding of an organisation (the client's), or with no organisation, of
    the installation's consultant firm: used for organisations with no branding of their
    own (gapassess.db.brands)."""

    __tablename__ = "brand"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), unique=True
    )
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)  # a checked PNG or JPEG
    logo_type: Mapped[str] = mapped_column(String(10), default="", server_default="")
    # "#RRGGBB", or "" for the template's own colour
    primary_colour: Mapped[str] = mapped_column(String(7), default="", server_default="")
    accent_colour: Mapped[str] = mapped_column(String(7), default="", server_default="")
    template: Mapped[bytes | None] = mapped_column(LargeBinary)  # a checked Word .docx
    template_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RoadmapEdit(Base):
    """What people decided about one roadmap action; kept across re-scoring by action id."""

    __tablename__ = "roadmap_edit"
    __table_args__ = (UniqueConstraint("assessment_id", "action_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    action_id: Mapped[str] = mapped_column(String(160))
    owner: Mapped[str] = mapped_column(String(200), default="")
    due: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="planned")
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete=SET_NULL)
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


WORKSHOP_PACINGS = ("facilitator", "self")


class Workshop(Base):
    """A live rating session on an assessment: participants vote from their phones."""

    __tablename__ = "workshop"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(12), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    pacing: Mapped[str] = mapped_column(String(20), default="facilitator")
    item_ids: Mapped[list[str]] = mapped_column(JSON)
    current_index: Mapped[int] = mapped_column(default=0)
    revealed: Mapped[bool] = mapped_column(default=False)
    show_names: Mapped[bool] = mapped_column(default=False)
    #: Role kinds (gapassess.domain.workshop_groups.ROLE_KINDS) participants pick from on
    #: joining, in that order; empty when the workshop asks for no group.
    groups: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete=SET_NULL)
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    assessment: Mapped[Assessment] = relationship()
    participants: Mapped[list[Participant]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", order_by="Participant.id"
    )

    @property
    def is_open(self) -> bool:
        return self.status == "open"


class Participant(Base):
    """Someone in the room, known only by a display name and a workshop-scoped token."""

    __tablename__ = "participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))  # "" when the participant gave none
    #: The role kind picked on joining; None when the workshop asks for none.
    group: Mapped[str | None] = mapped_column(String(40))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None]

    workshop: Mapped[Workshop] = relationship(back_populates="participants")


class Vote(Base):
    """One participant's current rating of one item; a changed vote replaces it."""

    __tablename__ = "vote"
    __table_args__ = (UniqueConstraint("workshop_id", "participant_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[str] = mapped_column(String(120))
    compliance: Mapped[int | None]
    outcome: Mapped[int | None]
    submission_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class VoteSubmission(Base):
    """Every submission id a participant's phone sent: a retried one is applied only once."""

    __tablename__ = "vote_submission"
    __table_args__ = (UniqueConstraint("participant_id", "submission_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE")
    )
    submission_id: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class WorkshopConsensus(Base):
    """The answer the room agreed for one item (also saved into the assessment's Response)."""

    __tablename__ = "workshop_consensus"
    __table_args__ = (UniqueConstraint("workshop_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(120))
    compliance: Mapped[int | None]
    outcome: Mapped[int | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete=SET_NULL)
    )
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


RATE_LIMIT_KEY_LENGTH = 255


class RateLimitCounter(Base):
    """One rate-limit window (login attempts from an address, say): shared by every worker
    process, so a limit means the same however many serve the app."""

    __tablename__ = "rate_limit_counter"

    key: Mapped[str] = mapped_column(String(RATE_LIMIT_KEY_LENGTH), primary_key=True)
    count: Mapped[int]
    expires_at: Mapped[float] = mapped_column(Float, index=True)  # seconds since the epoch


class LoginSession(Base):
    """One signed-in browser. The browser's cookie holds a random key; only its hash is
    stored here, and a request is signed in only while its row exists and has not expired,
    so logging out (here or everywhere) ends the session on the server."""

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    # what the person sees in their list of sessions ("Firefox on Windows"), cut short
    browser: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User] = relationship()


ACCOUNT_TOKEN_PURPOSES = ("password-reset",)


class AccountToken(Base):
    """A single-use, expiring secret sent to an account's address (a password reset link).
    Only its hash is stored."""

    __tablename__ = "account_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class EvidenceFile(Base):
    """A file kept as evidence for one item of an assessment; its bytes are in the evidence
    store (gapassess.db.evidence_store) under ``storage_key``. Deleting marks the row and
    removes the bytes, so the item's history still names the file."""

    __tablename__ = "evidence_file"
    __table_args__ = (Index("ix_evidence_file_assessment_item", "assessment_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(120))
    filename: Mapped[str] = mapped_column(String(200))  # the safe display name
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(200), unique=True)
    evidence_date: Mapped[date]
    expires_on: Mapped[date | None]
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete=SET_NULL))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]
    deleted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete=SET_NULL))

    uploaded_by: Mapped[User | None] = relationship(foreign_keys=[uploaded_by_id])
