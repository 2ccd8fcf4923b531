"""Imports every module that defines tables, so Base.metadata is complete.

Alembic's env.py and the drift check import this module; a new domain adds its tables here.
"""

from __future__ import annotations

from bot.checkins import tables as _checkins_tables  # noqa: F401 - check-ins, rounds, asks
from bot.cleanup import tables as _cleanup_tables  # noqa: F401 - summaries, questions
from bot.connect import tables as _connect_tables  # noqa: F401 - registers user_connections
from bot.db import dedupe as _dedupe  # noqa: F401 - registers processed_events
from bot.db import leases as _leases  # noqa: F401 - registers job_leases
from bot.db.base import Base
from bot.focus import tables as _focus_tables  # noqa: F401 - people, held mentions, digests
from bot.meetings import tables as _meetings_tables  # noqa: F401 - feeds, meetings
from bot.norms import tables as _norms_tables  # noqa: F401 - channel norms, who got them
from bot.notes import tables as _notes_tables  # noqa: F401 - meeting notes, actions
from bot.workspace import tables as _workspace_tables  # noqa: F401 - workspace_settings

metadata = Base.metadata
