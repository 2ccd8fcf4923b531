"""A throwaway PostgreSQL server for the test suite, started as an unprivileged user."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def find_bindir() -> Path | None:
    """Where initdb and pg_ctl are: PG_BINDIR, PATH, or Debian's versioned folders."""
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    return Path(found[0]).parent if found else None


@dataclass
class PostgresServer:
    """A running throwaway server; `url` points at its `kairos_test` database."""

    bindir: Path
    root: Path
    port: int
    run_as: str | None

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the test database."""
        return f"postgresql+psycopg://kairos@127.0.0.1:{self.port}/kairos_test"

    def _cmd(self, *args: str) -> list[str]:
        # PostgreSQL refuses to run as root; drop to an unprivileged user for its binaries.
        if self.run_as:
            return ["runuser", "-u", self.run_as, "--", *args]
        return list(args)

    def start(self) -> None:
        """initdb, start, and create the test database."""
        data = self.root / "data"
        subprocess.run(
            self._cmd(
                str(self.bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "kairos",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
                "--locale=C",
            ),
            check=True,
            capture_output=True,
        )
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        subprocess.run(
            self._cmd(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-w",
                "-l",
                str(self.root / "server.log"),
                "start",
            ),
            check=True,
            capture_output=True,
        )
        admin = f"host=127.0.0.1 port={self.port} user=kairos dbname=postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute("CREATE DATABASE kairos_test")

    def stop(self) -> None:
        """Stop the server and delete its files."""
        subprocess.run(
            self._cmd(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.root / "data"),
                "-m",
                "immediate",
                "stop",
            ),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def start_throwaway_server() -> PostgresServer | None:
    """Start a server if the binaries are installed, else None."""
    bindir = find_bindir()
    if bindir is None or not (bindir / "initdb").exists():
        return None
    root = Path(tempfile.mkdtemp(prefix="kairos-pg-"))
    run_as = None
    if os.geteuid() == 0:
        user = os.environ.get("PG_RUN_AS", "postgres")
        try:
            entry = pwd.getpwnam(user)
        except KeyError:
            shutil.rmtree(root, ignore_errors=True)
            return None
        os.chown(root, entry.pw_uid, entry.pw_gid)
        run_as = user
    server = PostgresServer(bindir=bindir, root=root, port=_free_port(), run_as=run_as)
    try:
        server.start()
    except (subprocess.CalledProcessError, psycopg.Error) as error:
        log_file = root / "server.log"
        log = log_file.read_text(errors="replace") if log_file.exists() else ""
        stderr = (getattr(error, "stderr", b"") or b"").decode(errors="replace")
        server.stop()
        raise RuntimeError(
            f"could not start PostgreSQL from {bindir}: {error}\n{stderr}\n{log}"
        ) from error
    return server
