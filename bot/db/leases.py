"""The job lease: which replica may run a periodic job until when. Never commits.

With several replicas on one PostgreSQL, each runs the scheduler, and this row decides which
one sweeps (see bot/scheduler.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.db.base import Base, UTCDateTime


class JobLease(Base):
    """Who may run a periodic job until when."""

    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


def try_acquire_lease(
    session: Session, name: str, holder: str, now: datetime, ttl: timedelta
) -> bool:
    """Take or renew the lease if it is free, expired, or already ours."""
    exists = session.scalar(select(JobLease.name).where(JobLease.name == name))
    if exists is None:
        try:
            with session.begin_nested():
                session.execute(
                    insert(JobLease).values(name=name, holder=holder, expires_at=now + ttl)
                )
        except IntegrityError:
            return False  # another replica created it at the same moment
        return True
    # A conditional UPDATE is atomic on both backends: only one replica can match it.
    result = session.execute(
        update(JobLease)
        .where(JobLease.name == name)
        .where((JobLease.holder == holder) | (JobLease.expires_at <= now))
        .values(holder=holder, expires_at=now + ttl)
    )
    return bool(getattr(result, "rowcount", 0))
