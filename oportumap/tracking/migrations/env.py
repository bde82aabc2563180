"""Alembic environment: migrations always run on a connection oportumap hands over."""

from __future__ import annotations

from alembic import context

try:
    _connection = context.config.attributes.get("connection")
except Exception:  # imported outside a migration run (e.g. doctest collection)
    _connection = None

if _connection is not None:
    context.configure(connection=_connection, target_metadata=None,
                      render_as_batch=_connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
