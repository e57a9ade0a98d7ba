"""Secret tokens handed to people (invitation links, workshop participants).

Only a hash is stored, so a copy of the database gives nobody a usable token.
"""

from __future__ import annotations

import hashlib
import secrets


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh random token and the hash to store for it."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)
