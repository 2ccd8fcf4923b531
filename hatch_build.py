"""Hatch build hook: compile the message catalogs into the wheel, so it needs no compile step.

Every `bot/locale/<lang>/LC_MESSAGES/<domain>.po` becomes `<domain>.mo` beside it inside the
wheel (the `.po` files ship too, as part of the package). The `.mo` files are written to a
temporary folder, never into the source tree, so a checkout holds no stale compiled copy: an
editable install gets none, and bot/i18n/catalog.py compiles the `.po` in memory instead.
A `.po` that does not parse fails the build.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

CATALOGS = "bot/locale/*/LC_MESSAGES/*.po"


# The same compile as bot/i18n/catalog.py's compile_po: the build does not import the package
# it builds (its runtime dependencies are not installed in the build environment).
def compile_catalog(po: Path, mo: Path) -> None:
    """Compile one .po file to a .mo file (fuzzy entries left out, as msgfmt does)."""
    language = po.parents[1].name
    with po.open("rb") as source:
        catalog = read_po(source, locale=language, domain=po.stem, abort_invalid=True)
    mo.parent.mkdir(parents=True, exist_ok=True)
    with mo.open("wb") as target:
        write_mo(target, catalog)


class CatalogBuildHook(BuildHookInterface):
    """Adds a compiled .mo for each .po to the wheel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Compile the catalogs and have the wheel include them."""
        if self.target_name != "wheel" or version == "editable":
            return
        self._compiled = Path(tempfile.mkdtemp(prefix="kairos-catalogs-"))
        root = Path(self.root)
        for po in sorted(root.glob(CATALOGS)):
            relative = po.relative_to(root).with_suffix(".mo")
            compile_catalog(po, self._compiled / relative)
            build_data["force_include"][str(self._compiled / relative)] = relative.as_posix()

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """Remove the temporary .mo files once the wheel holds them."""
        compiled = getattr(self, "_compiled", None)
        if compiled is not None:
            shutil.rmtree(compiled, ignore_errors=True)
