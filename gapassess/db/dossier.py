"""The transition dossier of an assessment, written as a zip to a file: the Word report, the
evidence index workbook, the evidence files in folders by clause and item (streamed from
the store one chunk at a time) and a manifest whose checksums are computed while writing
and compared with those stored at upload.

The web download and a command line both call ``write_dossier``; the report's bytes are
built by the caller (the web's report, with its branding and roadmap edits)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gapassess.db.assignments import status_by_item
from gapassess.db.evidence_store import CHUNK, EvidenceStore, StoreError
from gapassess.db.models import Assessment, EvidenceFile
from gapassess.domain import dossier as parts
from gapassess.domain.questionnaire.numbering import clause_key, covers
from gapassess.domain.review import status_name
from gapassess.i18n import _

DONE = "done"  # i18n: not shown (the roadmap status of a finished action)


@dataclass(frozen=True)
class Summary:
    """What was written: the number of files and the problems found (paths and why)."""

    files: int
    problems: list[tuple[str, str]]


def live_files(session: Session, assessment: Assessment) -> list[EvidenceFile]:
    stmt = (select(EvidenceFile)
            .where(EvidenceFile.assessment_id == assessment.id,
                   EvidenceFile.organisation_id == assessment.organisation_id,
                   EvidenceFile.deleted_at.is_(None))
            .order_by(EvidenceFile.item_id, EvidenceFile.evidence_date.desc(),
                      EvidenceFile.id))
    return list(session.scalars(stmt))


def _entries(rows: Iterable[EvidenceFile], items: dict[str, Any]) -> list[parts.FileEntry]:
    entries = []
    for row in rows:
        item = items.get(row.item_id)
        entries.append(parts.FileEntry(
            file_id=row.id, item_id=row.item_id, clause=item.clause if item else "other",
            item_title=item.title if item else row.item_id, name=row.filename,
            evidence_date=row.evidence_date, expires_on=row.expires_on, size=row.size,
            sha256=row.sha256))
    key = {item_id: n for n, item_id in enumerate(items)}
    # files of items the bank no longer has ("other") last
    entries.sort(key=lambda e: (e.item_id not in key, clause_key(e.clause),
                                key.get(e.item_id, len(key))))
    return parts.place(entries)


def _coverage(questionnaire, answers: dict[str, Any], clause: str) -> parts.Coverage:
    ratings = []
    for item in questionnaire.items:
        if covers(item.clause, clause):
            answer = answers.get(item.id)
            if answer is not None and answer.not_applicable:
                continue
            ratings.append((item.id, answer.compliance if answer else None,
                            answer.outcome if answer else None))
    return parts.Coverage(clause, tuple(ratings))


def index_rows(questionnaire, answers: dict[str, Any], statuses: dict[str, str],
               files: list[parts.FileEntry], actions: Iterable[Any]) -> list[parts.IndexRow]:
    """One row per item of the bank (the index keeps the changed ones)."""
    by_item: dict[str, list[parts.FileEntry]] = {}
    for entry in files:
        by_item.setdefault(entry.item_id, []).append(entry)
    open_actions: dict[str, list[parts.ActionEntry]] = {}
    for action in actions:
        if action.item_id and action.status != DONE:
            open_actions.setdefault(action.item_id, []).append(
                parts.ActionEntry(action.title, action.due, action.status))
    rows = []
    for item in questionnaire.items:
        answer = answers.get(item.id)
        rows.append(parts.IndexRow(
            item_id=item.id, clause=item.clause, title=item.title, change=item.change,
            change_note=getattr(item, "change_note", "") or "",
            compliance=answer.compliance if answer else None,
            outcome=answer.outcome if answer else None,
            not_applicable=bool(answer and answer.not_applicable),
            review_status=status_name(statuses.get(item.id, "unassigned")),
            files=tuple(by_item.get(item.id, ())),
            actions=tuple(open_actions.get(item.id, ()))))
    return rows


def _copy(store: EvidenceStore, key: str, target: IO[bytes]) -> tuple[int, str]:
    """Stream the stored bytes of ``key`` into ``target``: (size, SHA-256 of what went)."""
    digest, size = hashlib.sha256(), 0
    source = store.open(key)
    try:
        while True:
            piece = source.read(CHUNK)
            if not piece:
                break
            digest.update(piece)
            size += len(piece)
            target.write(piece)
    finally:
        source.close()
    return size, digest.hexdigest()


def write_dossier(out: IO[bytes], session: Session, store: EvidenceStore,
                  assessment: Assessment, *, questionnaire, answers: Iterable[Any],
                  actions: Iterable[Any], report: bytes, today: date | None = None) -> Summary:
    """Write the dossier zip of ``assessment`` to ``out`` (a file open for writing).

    ``actions``: the roadmap's actions with the team's status (done ones are left out of
    the index); ``report``: the Word report's bytes."""
    today = today or date.today()
    items = {item.id: item for item in questionnaire.items}
    by_id = {answer.item_id: answer for answer in answers}
    rows = live_files(session, assessment)
    entries = _entries(rows, items)
    keys = {row.id: row.storage_key for row in rows}
    written: list[parts.Written] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(parts.REPORT_NAME, report)
        for entry in entries:
            try:
                with archive.open(entry.path, "w", force_zip64=True) as target:
                    size, sha = _copy(store, keys[entry.file_id], target)
            except StoreError:
                written.append(parts.Written(entry.path, 0, "", _(
                    "the stored file could not be read, so it is not in the dossier")))
                continue
            problem = ""
            if sha != entry.sha256 or size != entry.size:
                problem = _("its SHA-256 %(written)s (%(size)d bytes) differs from the one "
                            "stored at upload, %(stored)s (%(stored_size)d bytes)",
                            written=sha, size=size, stored=entry.sha256,
                            stored_size=entry.size)
            written.append(parts.Written(entry.path, size, sha, problem))
        index = parts.build_index(
            index_rows(questionnaire, by_id, status_by_item(session, assessment.id), entries,
                       actions),
            entries, _coverage(questionnaire, by_id, parts.AUDIT_CLAUSE),
            _coverage(questionnaire, by_id, parts.REVIEW_CLAUSE), today,
            title=assessment.title)
        buffer = io.BytesIO()
        index.save(buffer)
        archive.writestr(parts.INDEX_NAME, buffer.getvalue())
        archive.writestr(parts.MANIFEST_NAME, parts.manifest_text(written))
    return Summary(files=sum(1 for w in written if w.sha256),
                   problems=[(w.path, w.problem) for w in written if w.problem])
