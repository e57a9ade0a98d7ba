"""The evidence stores: the folder store, and the S3 store against a real S3-compatible
server (moto's, started here on a free port, spoken to over HTTP by boto3)."""

from __future__ import annotations

import io

import pytest

from gapassess.db.evidence_store import (
    LocalStore,
    S3Store,
    StoreError,
    new_key,
    store_from_setting,
)
from tests import evidence_support as files

BUCKET = "gapassess-evidence"


class _FailsAfter:
    """A stream that gives ``good`` bytes, then fails (a dropped upload)."""

    def __init__(self, good: bytes) -> None:
        self._data = io.BytesIO(good)

    def read(self, amount=-1):
        piece = self._data.read(amount)
        if not piece:
            raise OSError("connection reset")
        return piece


def test_local_store_round_trip_and_all_or_nothing(tmp_path):
    store = LocalStore(tmp_path)
    key = new_key(7)
    store.put(key, io.BytesIO(files.PDF), len(files.PDF))
    assert key.startswith("7/") and (tmp_path / key).read_bytes() == files.PDF
    with store.open(key) as handle:
        assert handle.read() == files.PDF
    second = new_key(7)
    with pytest.raises(StoreError):  # the failure is worded as the store's, never a crash
        store.put(second, _FailsAfter(b"x" * 100_000), 200_000)
    with pytest.raises(StoreError):
        store.put(second, io.BytesIO(b"short"), 10)
    assert files.stored_files(tmp_path) == [key]
    store.delete(key)
    store.delete(key)  # already gone: no error
    assert files.stored_files(tmp_path) == []
    with pytest.raises(StoreError):
        store.open(key)
    for bad in ("../etc/passwd", "7/../../x", "7/a/b", "/7/abc"):
        with pytest.raises(StoreError):
            store.put(bad, io.BytesIO(b"x"), 1)


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    port = files.free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server, monkeypatch):
    import boto3

    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                        ("AWS_DEFAULT_REGION", "us-east-1"),
                        ("GAPASSESS_S3_ENDPOINT_URL", s3_server)):
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    client = boto3.client("s3", endpoint_url=s3_server)
    client.create_bucket(Bucket=BUCKET)
    yield client
    for entry in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=entry["Key"])
    client.delete_bucket(Bucket=BUCKET)


def _keys(client) -> list[str]:
    return sorted(e["Key"] for e in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_s3_store_over_http(s3, tmp_path):
    store = store_from_setting(f"s3://{BUCKET}/evidence", tmp_path)
    assert isinstance(store, S3Store)
    assert store.client.meta.endpoint_url.startswith("http://127.0.0.1:")
    key = new_key(3)
    store.put(key, io.BytesIO(files.PDF), len(files.PDF))
    assert _keys(s3) == [f"evidence/{key}"]  # no temporary object left
    assert store.open(key).read() == files.PDF
    big = b"%PDF-" + b"z" * (9 * 1024 * 1024)  # over boto3's multipart threshold
    other = new_key(3)
    store.put(other, io.BytesIO(big), len(big))
    assert store.open(other).read() == big
    store.delete(key)
    store.delete(other)
    assert _keys(s3) == []
    with pytest.raises(StoreError):
        store.open(key)


def test_s3_store_failure_leaves_no_object(s3, tmp_path):
    store = store_from_setting(f"s3://{BUCKET}/evidence", tmp_path)
    with pytest.raises(StoreError):
        store.put(new_key(3), _FailsAfter(b"y" * (9 * 1024 * 1024)), 20 * 1024 * 1024)
    with pytest.raises(StoreError):
        store.put(new_key(3), io.BytesIO(b"short"), 100)
    assert _keys(s3) == []


def test_web_upload_and_download_through_s3(s3, app, client, db, login_as, org_with_people):
    from sqlalchemy import select

    from gapassess.db.models import EvidenceFile
    from gapassess.web.services import evidence as evidence_service
    from tests import results_data

    org, _, _ = org_with_people
    assessment = results_data.answered_assessment(db, org, count=1)
    db.commit()
    item = results_data.item_ids()[0]
    app.config["EVIDENCE_STORE"] = f"s3://{BUCKET}/tenant-a"
    evidence_service.set_store(app, None)  # made again from the setting
    login_as("assessor")
    response = files.upload(client, assessment.id, item, "plan.pdf", files.PDF)
    assert response.status_code == 302
    [row] = db.scalars(select(EvidenceFile)).all()
    assert _keys(s3) == [f"tenant-a/{row.storage_key}"]
    download = client.get(f"/assessments/{assessment.id}/evidence/{row.id}")
    assert download.data == files.PDF
    client.post(f"/assessments/{assessment.id}/evidence/{row.id}/delete")
    assert _keys(s3) == []


def test_store_setting(tmp_path):
    assert isinstance(store_from_setting("", tmp_path), LocalStore)
    assert store_from_setting("", tmp_path).root == tmp_path / "evidence"
    assert store_from_setting(str(tmp_path / "x"), tmp_path).root == tmp_path / "x"
    with pytest.raises(ValueError, match="GAPASSESS_EVIDENCE_STORE"):
        store_from_setting("ftp://host/x", tmp_path)
