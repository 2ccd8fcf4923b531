"""The wheel carries the compiled message catalogs, so an installed Kairos needs no compile step.

Builds the wheel as the Dockerfile and `pip install .` do (hatch_build.py compiles each .po
while building) and reads the Dutch catalog back out of it with the standard library.
"""

from __future__ import annotations

import gettext
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
DUTCH_MO = "bot/locale/nl/LC_MESSAGES/kairos.mo"
DUTCH_PO = "bot/locale/nl/LC_MESSAGES/kairos.po"


def _build_wheel(out: Path) -> Path:
    command = [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-w", str(out)]
    result = subprocess.run(
        [*command, "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            "pip could not build Kairos's wheel. Building installs its build dependencies "
            "(hatchling, babel) from the package index first, so without network access (or "
            "a reachable index) this fails; that is the likely cause if this machine is "
            f"offline. pip said:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}",
            pytrace=False,
        )
    wheels = list(out.glob("kairos-*.whl"))
    assert len(wheels) == 1, f"one wheel expected in {out}, found {wheels}"
    return wheels[0]


def test_the_wheel_ships_the_dutch_catalog_compiled(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert DUTCH_PO in names
        assert DUTCH_MO in names, f"no compiled catalog in the wheel: {sorted(names)[:20]}..."
        dutch = gettext.GNUTranslations(io.BytesIO(archive.read(DUTCH_MO)))
    assert dutch.info()["language"] == "nl"
    assert dutch.gettext("{date} at {time}") == "{date} om {time}"
