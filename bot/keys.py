"""The encryption key when KAIROS_ENCRYPTION_KEY is not set: made once, kept beside SQLite.

A first run should just work, and calendar addresses are credentials that must be stored
encrypted. With the embedded database the key can live next to it, readable by its owner
only (n8n does the same with its config file); with PostgreSQL there is no such place that
every replica shares, so the operator sets the variable.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from cryptography.fernet import Fernet
from sqlalchemy.engine import make_url

from bot.connect.crypto import check_keys
from bot.errors import ExitCode, StartupError

KEY_FILE_SUFFIX = ".key"
OWNER_ONLY = 0o600


def new_key() -> str:
    """A fresh Fernet key, as KAIROS_ENCRYPTION_KEY takes it."""
    return Fernet.generate_key().decode("ascii")


def is_embedded(database_url: str) -> bool:
    """Whether the database is SQLite (a file, or memory) rather than a server."""
    return make_url(database_url).get_backend_name() == "sqlite"


def key_file_for(database_url: str) -> Path | None:
    """Where the key of an SQLite database file is kept: beside it, named after it.

    None for a database server, and for an in-memory database, whose data (and so whose
    key) ends with the process."""
    url = make_url(database_url)
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    path = Path(database).absolute()
    return path.with_name(path.name + KEY_FILE_SUFFIX)


def load_or_create(path: Path) -> tuple[str, bool]:
    """The key kept in path, made first if there is none; and whether it was made now."""
    try:
        return _read(path), False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written under a temporary name, created owner-only from the start (never chmod-ed
    # afterwards, so it is never readable by others even for a moment), then linked into
    # place: link() fails if the name exists, so two processes starting at once (HTTP
    # workers) cannot both make a key; the loser reads the winner's.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(new_key() + "\n")
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return _read(path), False
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    return _read(path), True


def _read(path: Path) -> str:
    key = path.read_text(encoding="ascii", errors="replace").strip()
    try:
        check_keys(key)
    except ValueError as error:
        raise StartupError(
            f"the key file {path} does not hold a valid key ({error}): restore it from a "
            "backup, or set KAIROS_ENCRYPTION_KEY to the key it held",
            exit_code=ExitCode.CONFIG,
        ) from None
    return key


def readable_by_others(path: Path) -> bool:
    """Whether the file's group or others may read or write it."""
    return bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))
