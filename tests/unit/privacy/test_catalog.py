"""The privacy catalog against the real metadata: every table decided on, every column it
names real, and no column that looks like a person's left undecided."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Table

from bot.db.registry import metadata
from bot.privacy.kept import KEPT_AFTER_FORGET
from bot.privacy.model import (
    CATALOG,
    KEPT_ON_UNINSTALL,
    SECTIONS,
    NotPersonal,
    Personal,
    personal,
    policies,
    uncatalogued,
)

TABLES = {table.name: table for table in metadata.sorted_tables}
# Column names that say "a person": a Slack user id or an email address.
PERSON_COLUMN = re.compile(r"(^|_)(user|sender|recipient|organizer|attendee)(_id)?$|_by$|email")


def test_every_table_in_the_metadata_is_in_the_catalog() -> None:
    # A table added later fails here until the catalog says what it holds about people.
    assert uncatalogued(TABLES) == []


def test_the_catalog_check_can_fail() -> None:
    assert uncatalogued([*TABLES, "table_added_later"]) == ["table_added_later"]


def test_the_catalog_names_only_real_tables_once() -> None:
    names = [policy.table for policy in CATALOG]
    assert len(names) == len(set(names))
    assert set(names) - set(TABLES) == set()


def _named_columns(policy: Personal) -> set[str]:
    return {
        *policy.user_columns,
        *policy.email_columns,
        *policy.anonymised,
        *policy.secret,
        *policy.for_whom,
        *([policy.mentioned_in] if policy.mentioned_in else []),
    }


@pytest.mark.parametrize("policy", personal(), ids=lambda p: p.table)
def test_personal_tables_name_real_columns(policy: Personal) -> None:
    table = TABLES[policy.table]
    assert policy.user_columns, "a personal table says which columns hold a Slack id"
    assert _named_columns(policy) - {column.name for column in table.columns} == set()
    assert policy.section in SECTIONS
    assert policy.stores
    assert policy.forget
    assert bool(policy.secret) == bool(policy.note), "a secret left out is explained"


@pytest.mark.parametrize("policy", personal(), ids=lambda p: p.table)
def test_links_follow_a_foreign_key_from_a_personal_table(policy: Personal) -> None:
    for name in policy.linked_from:
        assert isinstance(policies()[name], Personal)
        keys = [k for k in TABLES[name].foreign_keys if k.column.table is TABLES[policy.table]]
        assert keys, f"{name} has no foreign key to {policy.table}"


def _person_columns(table: Table) -> set[str]:
    return {column.name for column in table.columns if PERSON_COLUMN.search(column.name)}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_columns_that_look_like_a_person_are_decided_on(name: str) -> None:
    # A new sender_id, updated_by or email column forces a decision in the catalog.
    policy = policies()[name]
    looks_personal = _person_columns(TABLES[name])
    if isinstance(policy, NotPersonal):
        assert looks_personal == set(), f"{name} is 'not personal' but has {looks_personal}"
        assert policy.reason
        return
    assert looks_personal - {*policy.user_columns, *policy.email_columns} == set()


def test_the_column_check_can_fail() -> None:
    assert _person_columns(TABLES["held_mentions"]) == {"recipient_id", "sender_id"}
    assert _person_columns(TABLES["meetings"]) == {"organizer_id", "organizer_email"}


def test_anonymised_columns_are_the_person_or_what_they_wrote() -> None:
    for policy in personal():
        named = {*policy.user_columns, *policy.email_columns, policy.mentioned_in}
        assert set(policy.anonymised) - named == set(), policy.table


def test_documented_exceptions_name_real_columns_of_personal_tables() -> None:
    for kept in KEPT_AFTER_FORGET:
        assert isinstance(policies()[kept.table], Personal)
        assert kept.column in TABLES[kept.table].columns
        assert kept.reason
    # An id or an address is never an exception: only free text others wrote, and UIDs.
    for policy in personal():
        columns = {kept.column for kept in KEPT_AFTER_FORGET if kept.table == policy.table}
        assert columns & {*policy.user_columns, *policy.email_columns} == set()


def test_uninstall_keeps_only_tables_that_exist() -> None:
    assert set(KEPT_ON_UNINSTALL) <= set(TABLES)
    assert all(isinstance(policies()[name], NotPersonal) for name in KEPT_ON_UNINSTALL)
