"""Migrations on both backends: empty to head, head to base, and no drift from the models."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, inspect, select

from bot.db import migrate
from bot.db.base import UTCDateTime
from bot.db.dedupe import ProcessedEvent
from bot.db.engine import make_engine
from bot.db.registry import metadata


def test_upgrade_from_empty_to_head_and_back_to_base(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    try:
        assert migrate.current_revision(engine) is None
        migrate.upgrade(empty_database_url)
        assert migrate.current_revision(engine) == migrate.head_revision()
        tables = set(inspect(engine).get_table_names())
        assert {t.name for t in metadata.sorted_tables} <= tables

        migrate.downgrade(empty_database_url)
        assert migrate.current_revision(engine) is None
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()


def test_models_and_migrations_agree(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    try:
        assert migrate.drift(engine) == []
    finally:
        engine.dispose()


def test_drift_check_notices_a_table_missing_from_the_migrations(empty_database_url: str) -> None:
    # The check must be able to fail: a model the migrations do not create is reported.
    migrate.upgrade(empty_database_url)
    extra = Table("not_migrated", metadata, Column("id", Integer, primary_key=True))
    engine = make_engine(empty_database_url)
    try:
        differences = migrate.drift(engine)
    finally:
        metadata.remove(extra)
        engine.dispose()
    assert any("not_migrated" in repr(d) for d in differences)


def test_timestamps_are_stored_as_utc_and_read_back_aware(database_url: str) -> None:
    engine = make_engine(database_url)
    amsterdam_evening = datetime(2026, 3, 29, 23, 30, tzinfo=timezone(timedelta(hours=2)))
    try:
        with engine.begin() as connection:
            connection.execute(
                ProcessedEvent.__table__.insert().values(
                    event_id="Ev1", processed_at=amsterdam_evening
                )
            )
        with engine.connect() as connection:
            stored = connection.scalar(select(ProcessedEvent.processed_at))
    finally:
        engine.dispose()
    assert stored is not None
    assert stored.tzinfo is not None
    assert stored.utcoffset() == timedelta(0)
    assert stored == datetime(2026, 3, 29, 21, 30, tzinfo=UTC)


def test_naive_datetimes_are_refused(database_url: str) -> None:
    scratch = MetaData()
    table = Table(
        "scratch", scratch, Column("id", String, primary_key=True), Column("at", UTCDateTime)
    )
    engine = make_engine(database_url)
    try:
        scratch.create_all(engine)
        with pytest.raises(Exception, match="naive datetime"), engine.begin() as connection:
            connection.execute(table.insert().values(id="a", at=datetime(2026, 1, 1, 9, 0)))
    finally:
        scratch.drop_all(engine)
        engine.dispose()
