"""Alembic environment: the engine comes from ``config.attributes`` (see gapassess.db.migrate).

On SQLite, foreign keys are off while migrations run: a batch migration copies a table and
drops the old one, and with foreign keys on, SQLite deletes the old table's rows first,
running every ON DELETE rule that points at it (memberships would be deleted with the
user table). They are checked after the migrations and turned back on.
"""

from alembic import context

from gapassess.db.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:  # outside any transaction: SQLite ignores the pragma inside one
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    try:
        with connection.begin():
            context.configure(
                connection=connection,
                target_metadata=Base.metadata,
                render_as_batch=sqlite,
                compare_type=True,
            )
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"the migration broke foreign keys: {broken[:5]}")
    finally:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
