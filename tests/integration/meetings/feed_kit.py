"""What the calendar-feed tests share: two people and the key their addresses are sealed with."""

from __future__ import annotations

from cryptography.fernet import Fernet

ALICE, BOB = "U0ALICE", "U0BOB"
KEY = Fernet.generate_key().decode()
