"""Alembic environment: runs migrations online against the configured database."""

from __future__ import annotations

from alembic import context

from bot.db.engine import make_engine
from bot.db.registry import metadata
from bot.settings import DatabaseSettings, load

config = context.config


def _database_url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    # The alembic command line has no URL in alembic.ini: read it like Kairos does.
    return url if url else load(DatabaseSettings).database_url


def run_migrations_online() -> None:
    """Run migrations in one transaction per revision on a dedicated connection."""
    engine = make_engine(_database_url())
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run `kairos migrate`.")
run_migrations_online()
