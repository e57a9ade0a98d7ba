"""Evidence files: which files an item may hold, their safe names, limits and expiry.

A file is accepted when its extension is one of ``ALLOWED`` and its first bytes (its
"magic") say it is that kind of file; executables, web pages, SVG, scripts and anything
unknown are refused with a message naming the file and why. Names are made safe to show
and to offer as a download name (no folders, no control characters, a bounded length).
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta
from typing import IO

from gapassess.i18n import _

#: Evidence expiring within this many days is flagged "Expires soon".
EXPIRES_SOON_DAYS = 30
#: The longest safe name kept (characters, the extension included).
MAX_NAME_CHARS = 120
#: How many bytes are read to recognise a file's kind.
HEAD_BYTES = 8192
MB = 1024 * 1024
DEFAULT_MAX_MB = 20
DEFAULT_QUOTA_MB = 500

OOXML = "application/vnd.openxmlformats-officedocument."  # i18n: not shown
ODF = "application/vnd.oasis.opendocument."  # i18n: not shown


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    magic: str  # how the contents are recognised: "pdf", "ooxml", "ole", "odf", "text", ...


ALLOWED: dict[str, FileKind] = {k.extension: k for k in (
    FileKind("pdf", "application/pdf", "pdf"),
    FileKind("docx", OOXML + "wordprocessingml.document", "ooxml"),
    FileKind("xlsx", OOXML + "spreadsheetml.sheet", "ooxml"),
    FileKind("pptx", OOXML + "presentationml.presentation", "ooxml"),
    FileKind("doc", "application/msword", "ole"),
    FileKind("xls", "application/vnd.ms-excel", "ole"),
    FileKind("ppt", "application/vnd.ms-powerpoint", "ole"),
    FileKind("odt", ODF + "text", "odf"),
    FileKind("ods", ODF + "spreadsheet", "odf"),
    FileKind("odp", ODF + "presentation", "odf"),
    FileKind("csv", "text/csv", "text"),
    FileKind("txt", "text/plain", "text"),
    FileKind("png", "image/png", "png"),
    FileKind("jpg", "image/jpeg", "jpeg"),
    FileKind("jpeg", "image/jpeg", "jpeg"),
    FileKind("gif", "image/gif", "gif"),
    FileKind("webp", "image/webp", "webp"),
)}
#: The content types a download may be served with (anything else: octet-stream).
SERVED_TYPES = frozenset(k.content_type for k in ALLOWED.values())
#: The zip folder each Office Open XML extension keeps its main part in.
_OOXML_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_ODF_TYPES = {"odt": ODF + "text", "ods": ODF + "spreadsheet", "odp": ODF + "presentation"}
_WEB_EXTENSIONS = frozenset({"html", "htm", "xhtml", "svg", "svgz", "js", "mjs", "xml",
                             "shtml", "php", "hta"})
_PROGRAM_EXTENSIONS = frozenset({"exe", "dll", "com", "bat", "cmd", "msi", "scr", "ps1",
                                 "sh", "vbs", "jar", "app", "bin", "elf", "so", "dylib"})
_WEB_MARKERS = (b"<html", b"<!doctype", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe",
                b"<head")


#: Characters Windows refuses in file names (a download would be renamed or refused).
_RESERVED = frozenset('<>:"|?*')


class EvidenceRefused(ValueError):
    """A file that cannot be kept as evidence; the message names the file and why."""


def extension_of(name: str) -> str:
    """The lower-case extension without the dot ("" for none)."""
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[1].lower() if "." in base.strip(".") else ""


def safe_name(raw: str) -> str:
    """``raw`` as a name to show and to download as: the last part of any path (``/`` or
    ``\\``, a drive such as ``C:`` dropped), no control or formatting characters, none
    of ``<>:"|?*`` (each becomes ``_``), no
    leading dots or spaces, at most ``MAX_NAME_CHARS`` with the extension kept."""
    text = unicodedata.normalize("NFC", raw or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    if len(text) >= 2 and text[1] == ":":
        text = text[2:]
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    text = "".join("_" if c in _RESERVED else c for c in text)
    text = text.strip().lstrip(". ").rstrip(". ")
    text = " ".join(text.split())
    if not text:
        return "evidence"
    if len(text) > MAX_NAME_CHARS:
        stem, dot, ext = text.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            text = stem[: MAX_NAME_CHARS - len(ext) - 1].rstrip() + "." + ext
        else:
            text = text[:MAX_NAME_CHARS]
    return text


def _program(head: bytes) -> str | None:
    """Why ``head`` is a program, or None."""
    if head.startswith(b"MZ"):
        return _("it is a Windows program")
    if head.startswith(b"\x7fELF"):
        return _("it is a Linux program")
    if head[:4] in (b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe",
                    b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe"):
        return _("it is a macOS program")
    if head.startswith(b"#!"):
        return _("it is a script")
    return None


def _zip_names(stream: IO[bytes]) -> list[str] | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def _matches(kind: FileKind, head: bytes, stream: IO[bytes]) -> bool:
    magic = kind.magic
    if magic == "pdf":
        return head.startswith(b"%PDF-")
    if magic == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if magic == "jpeg":
        return head.startswith(b"\xff\xd8\xff")
    if magic == "gif":
        return head[:6] in (b"GIF87a", b"GIF89a")
    if magic == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if magic == "ole":
        return head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    if magic == "odf":
        # The first member of an OpenDocument file is "mimetype", stored as is.
        return (head.startswith(b"PK\x03\x04") and head[30:38] == b"mimetype"
                and head[38:38 + len(_ODF_TYPES[kind.extension])]
                == _ODF_TYPES[kind.extension].encode())
    if magic == "ooxml":
        if not head.startswith(b"PK\x03\x04"):
            return False
        stream.seek(0)
        names = _zip_names(stream)
        folder = _OOXML_FOLDERS[kind.extension]
        return names is not None and "[Content_Types].xml" in names and any(
            n.startswith(folder) for n in names)
    return _plain_text(head)


def _plain_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a character cut at the end of the head is still text
        if exc.start < len(head) - 4:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


def _looks_like_web_page(head: bytes) -> bool:
    start = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return any(start.startswith(m) for m in _WEB_MARKERS) or b"<script" in head.lower()


def identify(name: str, stream: IO[bytes]) -> FileKind:
    """The kind of the file ``name`` whose contents ``stream`` (seekable) holds; raises
    EvidenceRefused naming the file and why. The stream is left at its start."""
    ext = extension_of(name)
    start = stream.tell()
    head = stream.read(HEAD_BYTES)
    try:
        program = _program(head)
        if program is not None or ext in _PROGRAM_EXTENSIONS:
            raise EvidenceRefused(_(
                "%(file)s was refused: %(why)s, and programs are not kept as evidence.",
                file=name, why=program or _("its name says it is a program")))
        if ext in _WEB_EXTENSIONS or (ext in ("txt", "csv") and _looks_like_web_page(head)):
            raise EvidenceRefused(_(
                "%(file)s was refused: web pages, SVG images and scripts could run in a "
                "browser, so they are not kept as evidence; save it as PDF instead.",
                file=name))
        kind = ALLOWED.get(ext)
        if kind is None:
            raise EvidenceRefused(_(
                "%(file)s was refused: files of type “%(ext)s” are not accepted. Accepted: "
                "%(allowed)s.", file=name, ext=ext or _("(no extension)"),
                allowed=", ".join(ALLOWED)))
        if not head or not _matches(kind, head, stream):
            raise EvidenceRefused(_(
                "%(file)s was refused: its contents are not those of a .%(ext)s file "
                "(renamed, or damaged).", file=name, ext=ext))
        return kind
    finally:
        stream.seek(start)


def identify_bytes(name: str, data: bytes) -> FileKind:
    """``identify`` for contents in memory."""
    return identify(name, io.BytesIO(data))


def served_type(content_type: str) -> str:
    """The content type a download is served with: the stored one when it is one of the
    accepted kinds', else application/octet-stream."""
    return content_type if content_type in SERVED_TYPES else "application/octet-stream"


def _mb(size: int) -> str:
    return format(size / MB, ".1f")


def mb_limit(size: int) -> str:
    """A limit in MB as the messages give it ("20", "0.5")."""
    return format(size / MB, "g")


def check_size(name: str, size: int, max_bytes: int) -> None:
    """Refuse a file over ``max_bytes``, naming the limit."""
    if size > max_bytes:
        raise EvidenceRefused(_(
            "%(file)s was refused: it is %(size)s MB, and files may be at most %(limit)s MB.",
            file=name, size=_mb(size), limit=mb_limit(max_bytes)))
    if size == 0:
        raise EvidenceRefused(_("%(file)s was refused: it is empty.", file=name))


def check_quota(name: str, size: int, used: int, quota_bytes: int) -> None:
    """Refuse a file that would take the organisation's files over ``quota_bytes``."""
    if used + size > quota_bytes:
        raise EvidenceRefused(_(
            "%(file)s was refused: the organisation's evidence files would take "
            "%(total)s MB, over its quota of %(quota)s MB (%(used)s MB used). Delete "
            "files no longer needed, or ask the administrator for a larger quota.",
            file=name, total=_mb(used + size), quota=mb_limit(quota_bytes),
            used=_mb(used)))


def check_dates(evidence_date: date | None, expires_on: date | None) -> date:
    """The evidence date (required; returned); an expiry, when given, is not before it."""
    if evidence_date is None:
        raise EvidenceRefused(_("Evidence date: give the date the evidence is from."))
    if expires_on is not None and expires_on < evidence_date:
        raise EvidenceRefused(_(
            "Expires on: %(expires)s is before the evidence date %(date)s.",
            expires=expires_on.isoformat(), date=evidence_date.isoformat()))
    return evidence_date


def expiry_state(expires_on: date | None, today: date) -> str:
    """"expired" (the expiry date has passed), "soon" (within EXPIRES_SOON_DAYS) or ""."""
    if expires_on is None:
        return ""
    if expires_on < today:
        return "expired"
    if expires_on <= today + timedelta(days=EXPIRES_SOON_DAYS):
        return "soon"
    return ""
