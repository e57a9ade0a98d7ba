"""Persistence: SQLAlchemy 2.x models, engine set-up and Alembic migrations.

The domain never imports this package; this package turns stored rows into the plain
domain inputs (see ``inputs.py``) and records every change with an audit event.
"""
