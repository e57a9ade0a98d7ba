"""What the evidence file tests share: small files of each kind, an upload helper, and a
fake clamd (a socket server speaking INSTREAM)."""

from __future__ import annotations

import io
import os
import socket
import socketserver
import struct
import threading
import zipfile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120 + b"This program cannot be run in DOS mode"
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 60
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def ooxml(folder: str = "word/") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(folder + "document.xml", "<document/>")
    return buffer.getvalue()


def odf(kind: str = "text") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"),
                         f"application/vnd.oasis.opendocument.{kind}",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<content/>")
    return buffer.getvalue()


def upload(client, assessment_id: int, item_id: str, name: str, data: bytes,
           evidence_date: str = "2026-11-01", expires_on: str = "", **extra):
    form = {"file": (io.BytesIO(data), name), "evidence_date": evidence_date,
            "expires_on": expires_on, **extra}
    return client.post(f"/assessments/{assessment_id}/items/{item_id}/evidence", data=form,
                       content_type="multipart/form-data")


def stored_files(root) -> list[str]:
    """Every file under the store's folder (temporary ones included)."""
    return sorted(os.path.relpath(os.path.join(d, f), root)
                  for d, _, files in os.walk(root) for f in files)


class _Clamd(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        sock = self.request
        command = b""
        while not command.endswith(b"\0"):
            command += sock.recv(1)
        self.server.commands.append(command)  # type: ignore[attr-defined]
        data = b""
        while True:
            size = struct.unpack("!L", _exactly(sock, 4))[0]
            if size == 0:
                break
            data += _exactly(sock, size)
        self.server.received.append(data)  # type: ignore[attr-defined]
        found = b"EICAR-STANDARD" in data
        sock.sendall(b"stream: Eicar-Test-Signature FOUND\0" if found else b"stream: OK\0")


def _exactly(sock, size: int) -> bytes:
    out = b""
    while len(out) < size:
        got = sock.recv(size - len(out))
        if not got:
            raise ConnectionError("closed")
        out += got
    return out


class _UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


class _TcpServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


def fake_clamd(path: str | None = None):
    """A running fake clamd on a unix socket ``path`` (or TCP on a free port when None);
    returns (server, address for GAPASSESS_CLAMD)."""
    if path:
        server = _UnixServer(path, _Clamd)
        address = path
    else:
        server = _TcpServer(("127.0.0.1", 0), _Clamd)
        address = f"127.0.0.1:{server.server_address[1]}"
    server.commands, server.received = [], []  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, address


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
