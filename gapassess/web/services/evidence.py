"""The installation's evidence store, limits and virus scanner, made once per app."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from gapassess.db.evidence import Limits
from gapassess.db.evidence_store import ClamdScanner, EvidenceStore, store_from_setting
from gapassess.domain.evidence import MB

_KEY = "gapassess.evidence_store"  # i18n: not shown


def store() -> EvidenceStore:
    """GAPASSESS_EVIDENCE_STORE's store (the instance's evidence folder by default); a test
    may put its own in ``app.extensions``."""
    app = current_app
    found = app.extensions.get(_KEY)
    if found is None:
        found = store_from_setting(app.config.get("EVIDENCE_STORE", ""),
                                   Path(app.instance_path))
        app.extensions[_KEY] = found
    return found


def set_store(app, chosen: EvidenceStore | None) -> None:
    if chosen is None:
        app.extensions.pop(_KEY, None)
    else:
        app.extensions[_KEY] = chosen


def limits() -> Limits:
    """The largest evidence file and an organisation's quota, from the app's settings
    (GAPASSESS_EVIDENCE_MAX_MB, GAPASSESS_EVIDENCE_QUOTA_MB, read by web/config)."""
    config = current_app.config
    return Limits(max_bytes=int(config["EVIDENCE_MAX_MB"]) * MB,
                  quota_bytes=int(config["EVIDENCE_QUOTA_MB"]) * MB)


def scanner() -> ClamdScanner | None:
    """clamd when GAPASSESS_CLAMD is set, else None (files are not scanned)."""
    address = current_app.config.get("CLAMD") or ""
    return ClamdScanner(address) if address else None
