"""Migrating an empty database to head gives exactly the models' schema."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from gapassess.db.connection import make_engine
from gapassess.db.migrate import current_revision, head_revision, is_up_to_date, upgrade
from gapassess.db.models import Base
from tests import dbserver


def _empty_database_url(tmp_path):
    server = dbserver.server_url()
    if server:
        return dbserver.scratch_postgres(server)
    from contextlib import nullcontext

    return nullcontext(f"sqlite:///{tmp_path / 'empty.db'}")


def _insert_organisation(conn, name: str, org_id: int | None = None) -> None:
    """An organisation row with the columns every revision since 0001 requires."""
    values = {"name": name, **({"id": org_id} if org_id is not None else {})}
    conn.execute(text(
        f"INSERT INTO organisation ({', '.join(values)}, sector, size, sites,"
        " certification_status, certification_body, capacity_days_per_month, created_at)"
        f" VALUES ({', '.join(':' + key for key in values)}, '', '', 1, 'not-certified', '',"
        " 8.0, '2026-01-01')"), values)


def test_migrating_empty_database_gives_model_schema(tmp_path):
    with _empty_database_url(tmp_path) as url:
        engine = make_engine(url)
        assert current_revision(engine) is None
        upgrade(engine)
        with engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
            )
        tables = set(inspect(engine).get_table_names())
        engine.dispose()
    assert diff == []
    assert {t.name for t in Base.metadata.sorted_tables} <= tables


def test_head_is_recorded_and_upgrade_is_repeatable(tmp_path):
    with _empty_database_url(tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        upgrade(engine)  # a second run is a no-op, not an error
        assert is_up_to_date(engine)
        engine.dispose()


def test_sqlite_runs_in_wal_mode_with_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_0006_gives_existing_organisations_the_installation_model(tmp_path):
    """Organisations made before 0006 keep working: their model is the installation's ("")."""
    from alembic import command

    from gapassess.db.migrate import alembic_config

    with _empty_database_url(tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine, "0005")
        with engine.begin() as conn:
            _insert_organisation(conn, "Old Co")
        upgrade(engine)
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT name, scoring_model FROM organisation").all()
        assert [tuple(r) for r in rows] == [("Old Co", "")]
        command.downgrade(alembic_config(engine), "0005")
        columns = {c["name"] for c in inspect(engine).get_columns("organisation")}
        engine.dispose()
    assert "scoring_model" not in columns and "capacity_days_per_month" in columns


def test_upgrading_a_database_with_data_keeps_every_row(tmp_path):
    """0009 rebuilds user_account on SQLite (batch drop of a column): the memberships and
    the audit trail pointing at users must survive it (foreign keys are off meanwhile)."""
    with _empty_database_url(tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine, "0008")
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO user_account (id, email, name, password_hash, is_site_admin, "
                "created_at, session_version) VALUES (1, 'a@b.example', 'A', 'x', false, "
                "'2026-01-01 00:00:00', 0)")
            _insert_organisation(conn, "Acme", 1)
            conn.exec_driver_sql(
                "INSERT INTO membership (id, user_id, organisation_id, role) VALUES "
                "(1, 1, 1, 'consultant')")
        upgrade(engine)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM membership").scalar() == 1
            if conn.dialect.name == "sqlite":
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        engine.dispose()


def test_0009_ends_the_invitations_still_open(tmp_path):
    """Their links were shown to whoever invited, who could have used them to create the
    invited person's account: after 0009 they no longer work."""
    with _empty_database_url(tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine, "0008")
        with engine.begin() as conn:
            _insert_organisation(conn, "Acme", 1)
            conn.exec_driver_sql(
                "INSERT INTO invitation (organisation_id, email, role, token_hash, created_at,"
                " expires_at) VALUES (1, 'x@y.example', 'viewer', 'h', '2026-01-01',"
                " '2999-01-01')")
        upgrade(engine)
        with engine.connect() as conn:
            expires = conn.exec_driver_sql("SELECT expires_at FROM invitation").scalar()
        engine.dispose()
    assert str(expires) < "2999"


def test_0010_gives_existing_workshops_no_groups(tmp_path):
    """Workshops opened before 0010 ask for no group, and their participants have none; a
    downgrade drops both columns again."""
    from alembic import command

    from gapassess.db.migrate import alembic_config

    with _empty_database_url(tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine, "0009")
        with engine.begin() as conn:
            _insert_organisation(conn, "Acme", 1)
            conn.exec_driver_sql(
                "INSERT INTO assessment (id, organisation_id, title, questionnaire_id,"
                " questionnaire_version, scope, status, created_at, updated_at) VALUES (1, 1, 'A',"
                " 'iso9001-2026', '1', '', 'draft', '2026-01-01', '2026-01-01')")
            conn.exec_driver_sql(
                "INSERT INTO workshop (id, assessment_id, code, title, pacing, item_ids,"
                " current_index, revealed, show_names, status, created_at) VALUES (1, 1,"
                " 'ACDEFG', 'W', 'facilitator', '[\"x\"]', 0, false, false, 'open',"
                " '2026-01-01')")
            conn.exec_driver_sql(
                "INSERT INTO participant (workshop_id, name, token_hash, joined_at) VALUES"
                " (1, 'Ann', 'h', '2026-01-01')")
        upgrade(engine)
        with engine.connect() as conn:
            groups = conn.execute(text("SELECT groups FROM workshop")).scalar()
            group = conn.execute(text('SELECT "group" FROM participant')).scalar()
        command.downgrade(alembic_config(engine), "0009")
        columns = {c["name"] for c in inspect(engine).get_columns("participant")}
        engine.dispose()
    assert groups in ("[]", [])
    assert group is None
    assert "group" not in columns and "name" in columns


def test_0011_gives_existing_organisations_plain_weekdays_and_no_scenarios(tmp_path):
    """Organisations from before 0011 have no country and no shutdowns (Monday to Friday),
    assessments no scenarios; a downgrade drops the three columns again."""
    from alembic import command

    from gapassess.db.migrate import alembic_config

    with _empty_database_url(tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine, "0010")
        with engine.begin() as conn:
            _insert_organisation(conn, "Acme", 1)
            conn.exec_driver_sql(
                "INSERT INTO assessment (id, organisation_id, title, questionnaire_id,"
                " questionnaire_version, scope, status, created_at, updated_at) VALUES (1, 1, 'A',"
                " 'iso9001-2026', '1', '', 'draft', '2026-01-01', '2026-01-01')")
        upgrade(engine)
        with engine.connect() as conn:
            country, periods = conn.execute(
                text("SELECT country, shutdown_periods FROM organisation")).one()
            scenarios = conn.execute(text("SELECT scenarios FROM assessment")).scalar()
        command.downgrade(alembic_config(engine), "0010")
        org_columns = {c["name"] for c in inspect(engine).get_columns("organisation")}
        columns = {c["name"] for c in inspect(engine).get_columns("assessment")}
        engine.dispose()
    assert (country, periods) == ("", "")
    assert scenarios in ("[]", [])
    assert not {"country", "shutdown_periods"} & org_columns and "name" in org_columns
    assert "scenarios" not in columns and "title" in columns


def test_0012_names_no_assessor_and_adds_an_empty_brand_table(tmp_path):
    """Assessments from before 0012 name no assessor and no firm; the brand table starts
    empty, holds a logo's bytes, and goes (with the two columns) on a downgrade."""
    from alembic import command

    from gapassess.db.migrate import alembic_config

    with _empty_database_url(tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine, "0011")
        with engine.begin() as conn:
            _insert_organisation(conn, "Acme", 1)
            conn.exec_driver_sql(
                "INSERT INTO assessment (id, organisation_id, title, questionnaire_id,"
                " questionnaire_version, scope, status, created_at, updated_at) VALUES (1, 1, 'A',"
                " 'iso9001-2026', '1', '', 'draft', '2026-01-01', '2026-01-01')")
        upgrade(engine)
        with engine.begin() as conn:
            assessor = conn.execute(
                text("SELECT assessor_name, assessor_firm FROM assessment")).one()
            empty = conn.execute(text("SELECT count(*) FROM brand")).scalar()
            conn.execute(text("INSERT INTO brand (organisation_id, logo, updated_at) VALUES"
                              " (NULL, :logo, '2026-01-01')"), {"logo": b"\x89PNG\x00\xff"})
            conn.execute(text("INSERT INTO brand (organisation_id, updated_at) VALUES"
                              " (1, '2026-01-01')"))
            logo, colour = conn.execute(text(
                "SELECT logo, primary_colour FROM brand WHERE organisation_id IS NULL")).one()
        with engine.begin() as conn:  # the organisation's row goes with the organisation
            conn.execute(text("DELETE FROM organisation WHERE id = 1"))
            left = conn.execute(text("SELECT count(*) FROM brand")).scalar()
        command.downgrade(alembic_config(engine), "0011")
        tables = set(inspect(engine).get_table_names())
        columns = {c["name"] for c in inspect(engine).get_columns("assessment")}
        engine.dispose()
    assert tuple(assessor) == ("", "") and empty == 0
    assert bytes(logo) == b"\x89PNG\x00\xff" and colour == ""
    assert left == 1
    assert "brand" not in tables
    assert not {"assessor_name", "assessor_firm"} & columns and "title" in columns


def test_0014_adds_an_empty_evidence_file_table(tmp_path):
    """The evidence_file table starts empty, takes a file's row, loses it with its
    organisation, refuses a storage key twice, and goes on a downgrade."""
    import pytest
    from alembic import command
    from sqlalchemy.exc import IntegrityError

    from gapassess.db.migrate import alembic_config

    row = ("INSERT INTO evidence_file (organisation_id, assessment_id, item_id, filename,"
           " content_type, size, sha256, storage_key, evidence_date, uploaded_at) VALUES"
           " (1, 1, 'x', 'a.pdf', 'application/pdf', 3, 'h', :key, '2026-01-01',"
           " '2026-01-02')")
    with _empty_database_url(tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine, "0013")
        with engine.begin() as conn:
            _insert_organisation(conn, "Acme", 1)
            conn.exec_driver_sql(
                "INSERT INTO assessment (id, organisation_id, title, questionnaire_id,"
                " questionnaire_version, scope, status, created_at, updated_at) VALUES (1, 1, 'A',"
                " 'iso9001-2026', '1', '', 'draft', '2026-01-01', '2026-01-01')")
        upgrade(engine)
        with engine.begin() as conn:
            empty = conn.execute(text("SELECT count(*) FROM evidence_file")).scalar()
            conn.execute(text(row), {"key": "1/abc"})
            expires, deleted = conn.execute(
                text("SELECT expires_on, deleted_at FROM evidence_file")).one()
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text(row), {"key": "1/abc"})
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM organisation WHERE id = 1"))
            left = conn.execute(text("SELECT count(*) FROM evidence_file")).scalar()
        command.downgrade(alembic_config(engine), "0013")
        tables = set(inspect(engine).get_table_names())
        engine.dispose()
    assert empty == 0 and (expires, deleted) == (None, None)
    assert left == 0
    assert "evidence_file" not in tables and "assessment" in tables


def _revision_in(file_suffix: str):
    """The revision kept in the file whose name ends with ``file_suffix`` (so a test does
    not depend on the number it has in the chain)."""
    from alembic.script import ScriptDirectory

    from gapassess.db.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config(None))
    return next(rev for rev in script.walk_revisions()
                if rev.path.endswith(file_suffix))


def test_assignments_revision_adds_the_table_and_an_empty_override_reason(tmp_path):
    """Assessments from before it have no override reason; an assignment is unique per
    item, goes with its assessment, and the table and column go on a downgrade."""
    import pytest
    from alembic import command
    from sqlalchemy.exc import IntegrityError

    from gapassess.db.migrate import alembic_config

    revision = _revision_in("_assignments_and_review.py")
    with _empty_database_url(tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine, revision.down_revision)
        with engine.begin() as conn:
            _insert_organisation(conn, "Acme", 1)
            conn.exec_driver_sql(
                "INSERT INTO assessment (id, organisation_id, title, questionnaire_id,"
                " questionnaire_version, scope, status, created_at, updated_at) VALUES (1, 1, 'A',"
                " 'iso9001-2026', '1', '', 'final', '2026-01-01', '2026-01-01')")
        upgrade(engine, revision.revision)
        insert = text("INSERT INTO assignment (assessment_id, item_id, status, updated_at,"
                      " version) VALUES (1, 'x', 'assigned', '2026-01-01', 1)")
        with engine.begin() as conn:
            reason = conn.execute(text("SELECT final_override_reason FROM assessment")).scalar()
            conn.execute(insert)
            comment = conn.execute(text("SELECT comment FROM assignment")).scalar()
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(insert)  # one assignment per item of an assessment
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM assessment WHERE id = 1"))
            left = conn.execute(text("SELECT count(*) FROM assignment")).scalar()
        command.downgrade(alembic_config(engine), revision.down_revision)
        tables = set(inspect(engine).get_table_names())
        columns = {c["name"] for c in inspect(engine).get_columns("assessment")}
        engine.dispose()
    assert reason == "" and comment == ""
    assert left == 0
    assert "assignment" not in tables and "final_override_reason" not in columns
