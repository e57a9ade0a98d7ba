"""Where evidence files' bytes are kept: a folder (the instance's ``evidence`` folder by
default) or an S3-compatible object store (GAPASSESS_EVIDENCE_STORE=s3://bucket/prefix).

Both stores write all or nothing: the bytes go to a temporary file or key first and are
renamed (copied) to their key only when complete; a failure removes what was written.
The optional virus scan (GAPASSESS_CLAMD) streams a file to clamd before it is stored.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Protocol
from urllib.parse import urlsplit

from gapassess.i18n import _

CHUNK = 64 * 1024
ENV_STORE = "GAPASSESS_EVIDENCE_STORE"
ENV_S3_ENDPOINT = "GAPASSESS_S3_ENDPOINT_URL"
ENV_CLAMD = "GAPASSESS_CLAMD"


class StoreError(RuntimeError):
    """The store could not keep or give back a file."""


class EvidenceStore(Protocol):
    def put(self, key: str, stream: IO[bytes], size: int) -> None:
        """Store ``size`` bytes read from ``stream`` under ``key``, all or nothing."""

    def open(self, key: str) -> IO[bytes]:
        """The stored bytes of ``key``, to read (the caller closes it)."""

    def delete(self, key: str) -> None:
        """Remove ``key``; no error when it is already gone."""


def new_key(organisation_id: int) -> str:
    """A fresh key for a file of the organisation: ``<org id>/<random>``."""
    return f"{int(organisation_id)}/{secrets.token_hex(16)}"


def chunks(stream: IO[bytes], size: int) -> Iterator[bytes]:
    """Read at most ``size`` bytes from ``stream`` in pieces; a short stream is an error."""
    left = size
    while left > 0:
        piece = stream.read(min(CHUNK, left))
        if not piece:
            raise StoreError(_("the file ended before all of it was received"))
        left -= len(piece)
        yield piece


class LocalStore:
    """Files in a folder: ``<root>/<org id>/<random key>``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        parts = key.split("/")
        if len(parts) != 2 or not all(p.isalnum() for p in parts):
            raise StoreError(f"not a storage key: {key!r}")  # i18n: not shown (logged)
        return self.root.joinpath(*parts)

    def put(self, key: str, stream: IO[bytes], size: int) -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            try:
                fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as handle:
                    for piece in chunks(stream, size):
                        handle.write(piece)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(temporary, target)
            except BaseException:  # whatever stopped it, no partial file is left
                temporary.unlink(missing_ok=True)
                raise
        except OSError as exc:  # disk full, permissions, a folder that is a file
            raise StoreError(f"cannot store {key!r}: {exc}") from None  # i18n: not shown

    def open(self, key: str) -> IO[bytes]:
        try:
            return self._path(key).open("rb")
        except OSError:
            raise StoreError(f"no stored file {key!r}") from None  # i18n: not shown (logged)

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink(missing_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot delete {key!r}: {exc}") from None  # i18n: not shown


class S3Store:
    """Objects in an S3-compatible store: ``<prefix>/<org id>/<random key>`` in a bucket.

    The endpoint, region and credentials come from the usual AWS variables (and files),
    the endpoint also from GAPASSESS_S3_ENDPOINT_URL (MinIO, Ceph, another provider)."""

    def __init__(self, bucket: str, prefix: str = "", endpoint_url: str | None = None,
                 client=None) -> None:
        if client is None:
            import boto3
            from botocore.config import Config

            # Checksums only where the API requires them: many S3-compatible stores do not
            # compute botocore's newer default ones (or not for copied multipart objects).
            client = boto3.client("s3", endpoint_url=endpoint_url or None, config=Config(
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required"))
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/")

    def _name(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def put(self, key: str, stream: IO[bytes], size: int) -> None:
        temporary = f"{self._name(key)}.{secrets.token_hex(4)}.part"
        reader = _Exact(stream, size)
        try:
            try:
                self.client.upload_fileobj(reader, self.bucket, temporary)
                # a managed copy: in parts when the object is large
                source = {"Bucket": self.bucket, "Key": temporary}  # i18n: not shown
                self.client.copy(source, self.bucket, self._name(key))
            except BaseException:  # whatever stopped it, no partial object is left
                self._remove(self._name(key))
                raise
            finally:
                self._remove(temporary)
        except StoreError:
            raise
        except Exception as exc:  # botocore's errors vary by endpoint
            raise StoreError(f"cannot store {key!r}: {exc}") from None  # i18n: not shown

    def _remove(self, name: str) -> None:
        # cleaning up after a failure already reported
        with contextlib.suppress(Exception):
            self.client.delete_object(Bucket=self.bucket, Key=name)

    def open(self, key: str) -> IO[bytes]:
        try:
            found = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
            return found["Body"]  # i18n: not shown
        except Exception as exc:  # botocore's errors vary by endpoint
            raise StoreError(f"no stored object {key!r}: {exc}") from None  # i18n: not shown

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._name(key))
        except Exception as exc:  # botocore's errors vary by endpoint
            raise StoreError(f"cannot delete {key!r}: {exc}") from None  # i18n: not shown


class _Exact:
    """A reader giving exactly ``size`` bytes of ``stream`` (an error if it is shorter)."""

    def __init__(self, stream: IO[bytes], size: int) -> None:
        self._stream = stream
        self._left = size

    def read(self, amount: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        want = self._left if amount is None or amount < 0 else min(amount, self._left)
        piece = self._stream.read(want)
        if not piece:
            raise StoreError(_("the file ended before all of it was received"))
        self._left -= len(piece)
        return piece


def store_from_setting(setting: str, instance: Path) -> EvidenceStore:
    """The store GAPASSESS_EVIDENCE_STORE names ("" for the instance folder's)."""
    if not setting:
        return LocalStore(instance / "evidence")
    parts = urlsplit(setting)
    if parts.scheme == "s3" and parts.netloc:
        return S3Store(parts.netloc, parts.path, os.environ.get(ENV_S3_ENDPOINT))
    if parts.scheme in ("", "file"):
        return LocalStore(Path(parts.path or setting).expanduser())
    raise ValueError(_("%(name)s must be s3://bucket/prefix or a folder, not %(value)r",
                       name=ENV_STORE, value=setting))


# --- virus scanning ---------------------------------------------------------------------


class ScanError(RuntimeError):
    """clamd could not be asked; the file is refused (not stored unscanned)."""


class Infected(ValueError):
    """clamd found something: the message is its name for it."""


class ClamdScanner:
    """clamd's INSTREAM command, over TCP (``host:port``) or a unix socket (a path)."""

    def __init__(self, address: str, timeout: float = 30.0) -> None:
        self.address = address
        self.timeout = timeout

    def _connect(self) -> socket.socket:
        if "/" in self.address:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(self.timeout)
            sock.connect(self.address)
            return sock
        host, _sep, port = self.address.rpartition(":")
        return socket.create_connection((host or "127.0.0.1", int(port)), self.timeout)

    def scan(self, stream: IO[bytes], size: int) -> None:
        """Raise Infected when clamd finds something, ScanError when it cannot say."""
        start = stream.tell()
        try:
            with self._connect() as sock:
                sock.sendall(b"zINSTREAM\0")
                for piece in chunks(stream, size):
                    sock.sendall(struct.pack("!L", len(piece)) + piece)
                sock.sendall(struct.pack("!L", 0))
                reply = b""
                while not reply.endswith(b"\0"):
                    got = sock.recv(4096)
                    if not got:
                        break
                    reply += got
        except (OSError, ValueError) as exc:
            raise ScanError(str(exc)) from None
        finally:
            stream.seek(start)
        text = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
        if text.endswith("FOUND"):
            raise Infected(text.removeprefix("stream:").removesuffix("FOUND").strip())
        if not text.endswith("OK"):
            raise ScanError(text or "no answer")  # i18n: not shown (logged)
