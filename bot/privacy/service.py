"""Privacy's use cases: what forget-me would delete, forget-me itself, the my-data export,
and deleting a workspace's data or people's connections when Slack ends Kairos's access."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from bot.db.uow import UnitOfWork
from bot.privacy import repo
from bot.privacy.export import export_document, export_row
from bot.privacy.forgetting import ForgetReport, Inventory, anonymous_id, inventory, kept_after
from bot.privacy.model import KEPT_ON_UNINSTALL, personal

log = logging.getLogger(__name__)


def forget_preview(uow: UnitOfWork, user_id: str) -> Inventory:
    """What forget-me would delete, for the confirmation (one read transaction)."""
    with uow() as session:
        return inventory(repo.counts(session, user_id))


def forget_person(
    uow: UnitOfWork, user_id: str, now: datetime, *, revoke_connect: Callable[[str], None]
) -> ForgetReport:
    """Delete everything Kairos holds about the person; what went, and what stays.

    revoke_connect runs first, with no transaction open (it calls Slack, and a 429 can take
    seconds): it gives the person's status back, revokes their token with auth.revoke and
    removes its row. If it raises, nothing is deleted, so the person can try again rather
    than lose the row of a token Slack still accepts. Then one transaction deletes the rest.
    """
    # Read before revoking, in a transaction closed before Slack is called: the report
    # must say a connection went, and revoke_connect removes its row.
    with uow() as session:
        connected = repo.is_connected(session, user_id)
    revoke_connect(user_id)
    with uow() as session:
        counts = repo.counts(session, user_id)
        # One random id for all of the person's answers: the summary counts a person's
        # latest answer per series once, and nothing kept links the id to them.
        repo.forget(session, user_id, anonymous_id(secrets.token_hex(8)), now=now)
    counts["connect"] = max(counts["connect"], int(connected))
    log.info("forgot %s at %s (%d rows)", user_id, now.isoformat(), sum(counts.values()))
    return ForgetReport(inventory(counts), kept_after(counts))


def export_person(uow: UnitOfWork, user_id: str, now: datetime) -> dict[str, Any]:
    """Every row about the person as plain JSON values, grouped by kind; credentials (the
    calendar address, the Slack token) are left out and the export says so."""
    with uow() as session:
        rows = repo.rows_about(session, user_id)
    by_table = {
        policy.table: [export_row(policy, row, user_id) for row in rows.get(policy.table, [])]
        for policy in personal()
    }
    return export_document(user_id, now, by_table)


def forget_workspace(uow: UnitOfWork, *, event_id: str | None = None) -> int:
    """app_uninstalled: delete every row of every table but the job leases and the ids of
    events handled (so the event itself is recorded in the same transaction); how many."""
    with uow(event_id=event_id) as session:
        deleted = repo.delete_everything(session, KEPT_ON_UNINSTALL)
    log.info("the app was uninstalled: deleted %d rows", deleted)
    return deleted


def forget_connections(
    uow: UnitOfWork, user_ids: Sequence[str], *, event_id: str | None = None
) -> int:
    """tokens_revoked: drop these people's Connect rows (Slack killed the tokens); how many."""
    with uow(event_id=event_id) as session:
        deleted = repo.delete_connections(session, user_ids)
    log.info("tokens revoked at Slack: dropped %d connections", deleted)
    return deleted
