"""Evidence files of an assessment's items: adding (checked, scanned, stored, then
recorded), listing, finding within one assessment, and deleting (the bytes go, the row
and the item's history keep the file's name)."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import IO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gapassess.db import audit
from gapassess.db.evidence_store import (
    ClamdScanner,
    EvidenceStore,
    Infected,
    ScanError,
    StoreError,
    new_key,
)
from gapassess.db.models import Assessment, EvidenceFile, User, utcnow
from gapassess.domain import evidence as rules
from gapassess.domain.evidence import EvidenceRefused
from gapassess.i18n import _

logger = logging.getLogger(__name__)

ADDED, DELETED = "evidence-add", "evidence-delete"  # i18n: not shown (audit actions)


class AssessmentFinal(EvidenceRefused):
    """The assessment is final: its evidence files are kept as they are."""


def _refuse_if_final(assessment: Assessment) -> None:
    if assessment.read_only:
        raise AssessmentFinal(_("This assessment is final: its evidence files cannot change."))


@dataclass(frozen=True)
class Limits:
    max_bytes: int = rules.DEFAULT_MAX_MB * rules.MB
    quota_bytes: int = rules.DEFAULT_QUOTA_MB * rules.MB


class _Hashing:
    """Reads ``stream`` and keeps the SHA-256 of what was read."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self.digest = hashlib.sha256()

    def read(self, amount: int = -1) -> bytes:
        piece = self._stream.read(amount)
        self.digest.update(piece)
        return piece


def stream_size(stream: IO[bytes]) -> int:
    """The number of bytes from the stream's position to its end (it is left in place)."""
    start = stream.tell()
    end = stream.seek(0, 2)
    stream.seek(start)
    return end - start


def used_bytes(session: Session, organisation_id: int) -> int:
    stmt = select(func.coalesce(func.sum(EvidenceFile.size), 0)).where(
        EvidenceFile.organisation_id == organisation_id, EvidenceFile.deleted_at.is_(None))
    return int(session.scalar(stmt) or 0)


def _snapshot(row: EvidenceFile) -> dict:
    return {"evidence_file": row.filename, "evidence_date": row.evidence_date.isoformat(),
            "expires_on": row.expires_on.isoformat() if row.expires_on else None,
            "size": row.size, "sha256": row.sha256}


def add_file(
    session: Session,
    store: EvidenceStore,
    *,
    assessment: Assessment,
    item_id: str,
    name: str,
    stream: IO[bytes],
    evidence_date: date | None,
    expires_on: date | None,
    user: User | None,
    limits: Limits,
    scanner: ClamdScanner | None = None,
) -> EvidenceFile:
    """Check, scan and store the file, then add its row and the item's history event.

    Raises EvidenceRefused (the message names the file and why; AssessmentFinal for a
    final assessment); nothing is kept then, nor when storing or recording fails."""
    _refuse_if_final(assessment)
    shown = rules.safe_name(name)
    day = rules.check_dates(evidence_date, expires_on)
    size = stream_size(stream)
    rules.check_size(shown, size, limits.max_bytes)
    kind = rules.identify(shown, stream)
    rules.check_quota(shown, size, used_bytes(session, assessment.organisation_id),
                      limits.quota_bytes)
    if scanner is not None:
        try:
            scanner.scan(stream, size)
        except Infected as exc:
            raise EvidenceRefused(_("%(file)s was refused: the virus scanner found %(what)s.",
                                    file=shown, what=str(exc))) from None
        except ScanError:
            raise EvidenceRefused(_(
                "%(file)s was not saved: the virus scanner could not be reached; try again "
                "later.", file=shown)) from None
    key = new_key(assessment.organisation_id)
    reader = _Hashing(stream)
    store.put(key, reader, size)  # type: ignore[arg-type]  # reads like a binary file
    try:
        row = EvidenceFile(
            organisation_id=assessment.organisation_id, assessment_id=assessment.id,
            item_id=item_id, filename=shown, content_type=kind.content_type, size=size,
            sha256=reader.digest.hexdigest(), storage_key=key, evidence_date=day,
            expires_on=expires_on, uploaded_by_id=user.id if user else None)
        session.add(row)
        session.flush()
        audit.record(session, entity_type="response",
                     entity_id=audit.response_entity(assessment.id, item_id), action=ADDED,
                     organisation_id=assessment.organisation_id, user=user,
                     after=_snapshot(row))
        session.flush()
        _review_sees(session, assessment, item_id, user)
    except BaseException:
        session.rollback()
        forget_bytes(store, [key])
        raise
    return row


def delete_file(session: Session, assessment: Assessment, row: EvidenceFile,
                user: User | None) -> str:
    """Mark the row (one of ``assessment``'s files) deleted and record it in the item's
    history; returns the storage key, whose bytes the caller removes once this is
    committed (forget_bytes), so a failed commit never leaves a live row without its file.
    Raises AssessmentFinal for a final assessment."""
    _refuse_if_final(assessment)
    assert row.assessment_id == assessment.id  # found within it (find)
    row.deleted_at = utcnow()
    row.deleted_by_id = user.id if user else None
    audit.record(session, entity_type="response",
                 entity_id=audit.response_entity(row.assessment_id, row.item_id),
                 action=DELETED, organisation_id=row.organisation_id, user=user,
                 before=_snapshot(row))
    session.flush()
    _review_sees(session, assessment, row.item_id, user)
    return row.storage_key


def forget_bytes(store: EvidenceStore, keys: Iterable[str]) -> list[str]:
    """Remove the stored bytes of ``keys`` (rows already gone or marked deleted, and
    committed); returns the keys that could not be removed, which are logged."""
    left = []
    for key in keys:
        try:
            store.delete(key)
        except StoreError as exc:
            logger.warning("evidence bytes left in the store: %s", exc)  # i18n: not shown (logged)
            left.append(key)
    return left


def live_keys(session: Session, assessment_id: int) -> list[str]:
    """The storage keys of an assessment's live files (to remove after it is deleted)."""
    return list(session.scalars(select(EvidenceFile.storage_key).where(
        EvidenceFile.assessment_id == assessment_id, EvidenceFile.deleted_at.is_(None))))


def _review_sees(session: Session, assessment: Assessment, item_id: str,
                 user: User | None) -> None:
    """A file added or deleted changes the answer's evidence: an accepted item goes back
    to review (gapassess.domain.review's "change")."""
    from gapassess.db import assignments

    assignments.answer_changed(session, assessment, item_id, user)


def files_by_item(session: Session, assessment_id: int,
                  item_ids: Iterable[str]) -> dict[str, list[EvidenceFile]]:
    """The files (not deleted) of each of ``item_ids``, newest evidence first."""
    ids = list(item_ids)
    result: dict[str, list[EvidenceFile]] = {item_id: [] for item_id in ids}
    stmt = (select(EvidenceFile)
            .where(EvidenceFile.assessment_id == assessment_id,
                   EvidenceFile.item_id.in_(ids), EvidenceFile.deleted_at.is_(None))
            .order_by(EvidenceFile.evidence_date.desc(), EvidenceFile.id.desc()))
    for row in session.scalars(stmt):
        result[row.item_id].append(row)
    return result


def find(session: Session, assessment: Assessment, file_id: int) -> EvidenceFile | None:
    """The assessment's file ``file_id`` (not deleted), or None: another assessment's or
    organisation's file is not found, as one that does not exist."""
    stmt = select(EvidenceFile).where(
        EvidenceFile.id == file_id, EvidenceFile.assessment_id == assessment.id,
        EvidenceFile.organisation_id == assessment.organisation_id,
        EvidenceFile.deleted_at.is_(None))
    return session.scalars(stmt).first()


def expired_files(session: Session, assessment_id: int, today: date) -> list[EvidenceFile]:
    """The assessment's files whose expiry date has passed, by item."""
    stmt = (select(EvidenceFile)
            .where(EvidenceFile.assessment_id == assessment_id,
                   EvidenceFile.deleted_at.is_(None), EvidenceFile.expires_on < today)
            .order_by(EvidenceFile.item_id, EvidenceFile.expires_on))
    return list(session.scalars(stmt))
