"""Packaging: the lock file against pyproject.toml, the image, the compose file, the licence.

The image installs requirements.lock only, so a lock that drifts from pyproject.toml ships
versions the code was never meant to run with; these tests fail before such a build does.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from dataclasses import dataclass, field
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
# What the lock is made for (and the image runs): CPython 3.11 on Linux.
LOCK_PYTHON = "3.11"
LOCK_ENVIRONMENT = {
    "python_version": LOCK_PYTHON,
    "python_full_version": f"{LOCK_PYTHON}.0",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "x86_64",
    "os_name": "posix",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "extra": "",
}
ROOT_VIA = "kairos (pyproject.toml)"


@dataclass
class Locked:
    """One package pinned in the lock file."""

    version: str
    hashes: list[str] = field(default_factory=list)
    via: set[str] = field(default_factory=set)


def _project() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _runtime_requirements() -> list[Requirement]:
    """pyproject.toml's dependencies that apply on the lock's platform."""
    requirements = [Requirement(line) for line in _project()["dependencies"]]
    return [r for r in requirements if r.marker is None or r.marker.evaluate(LOCK_ENVIRONMENT)]


def parse_lock(text: str) -> dict[str, Locked]:
    """pip-compile's output: `name==version`, its `--hash` lines, and its `# via` comments."""
    entries: dict[str, Locked] = {}
    current: Locked | None = None
    in_via_list = False
    for line in text.splitlines():
        pin = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line)
        if pin:
            current = entries.setdefault(canonicalize_name(pin[1]), Locked(pin[2]))
            in_via_list = False
        elif current is None or not line.startswith(" "):
            in_via_list = False
        elif digest := re.search(r"--hash=sha256:([0-9a-f]{64})", line):
            current.hashes.append(digest[1])
        elif via := re.fullmatch(r"\s+# via (.+)", line):
            current.via.add(via[1].strip())
        elif re.fullmatch(r"\s+# via", line):
            in_via_list = True
        elif in_via_list and (listed := re.fullmatch(r"\s+#\s{3}(.+)", line)):
            current.via.add(listed[1].strip())
    return entries


def _lock() -> dict[str, Locked]:
    return parse_lock(LOCK.read_text())


def test_every_runtime_requirement_is_locked_at_a_version_it_allows() -> None:
    locked = _lock()
    problems = []
    for requirement in _runtime_requirements():
        entry = locked.get(canonicalize_name(requirement.name))
        if entry is None:
            problems.append(f"{requirement} is not in requirements.lock")
        elif not requirement.specifier.contains(entry.version, prereleases=True):
            problems.append(f"{requirement} but requirements.lock pins {entry.version}")
    assert not problems, "regenerate requirements.lock (see Dockerfile):\n" + "\n".join(problems)


def test_the_lock_pins_exactly_the_runtime_requirements_directly() -> None:
    # Catches a dependency removed from pyproject.toml but left in the lock, and test tools
    # compiled in with --extra: both would be listed as coming from pyproject.toml.
    direct = {name for name, entry in _lock().items() if ROOT_VIA in entry.via}
    wanted = {canonicalize_name(r.name) for r in _runtime_requirements()}
    assert direct == wanted


def test_every_locked_package_is_pulled_in_by_a_runtime_requirement() -> None:
    locked = _lock()
    reached = {name for name, entry in locked.items() if ROOT_VIA in entry.via}
    grew = True
    while grew:
        more = {
            name
            for name, entry in locked.items()
            if name not in reached and {canonicalize_name(v) for v in entry.via} & reached
        }
        reached |= more
        grew = bool(more)
    assert set(locked) - reached == set()


def test_every_locked_package_is_pinned_with_its_hashes() -> None:
    locked = _lock()
    assert len(locked) >= len(_runtime_requirements())
    assert [name for name, entry in locked.items() if not entry.hashes] == []
    assert all(Version(entry.version) for entry in locked.values())


def test_the_lock_names_no_index_and_no_local_file() -> None:
    text = LOCK.read_text()
    assert not re.search(
        r"^\s*-(-index-url|-extra-index-url|-find-links|-trusted-host|i|f)\b", text, re.MULTILINE
    )
    assert not re.search(r"file:|https?://|^-e ", text, re.MULTILINE)


def test_the_lock_is_made_for_the_python_of_the_image() -> None:
    made_with = re.search(r"autogenerated by pip-compile with Python (\d+\.\d+)", LOCK.read_text())
    assert made_with is not None
    assert made_with[1] == LOCK_PYTHON
    bases = re.findall(r"^FROM\s+(\S+)", (ROOT / "Dockerfile").read_text(), re.MULTILINE)
    assert bases
    assert all(base.startswith(f"python:{LOCK_PYTHON}-") for base in bases)
    assert _project_allows_python(LOCK_PYTHON)


def _project_allows_python(python: str) -> bool:
    return Requirement(f"python{_project()['requires-python']}").specifier.contains(python)


def _dockerfile_instructions() -> list[tuple[str, list[str]]]:
    """(instruction, arguments) of the Dockerfile, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text()
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    instructions = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, rest = line.strip().partition(" ")
            instructions.append((keyword.upper(), shlex.split(rest)))
    return instructions


def _pip_installs(arguments: list[str]) -> list[list[str]]:
    """The argument lists of each `pip install` in one RUN's shell command."""
    commands: list[list[str]] = [[]]
    for word in arguments:
        if word in ("&&", "||", ";"):
            commands.append([])
        else:
            commands[-1].append(word)
    return [c for c in commands if len(c) > 1 and c[0].endswith("pip") and c[1] == "install"]


def test_the_image_installs_the_lock_with_hashes_and_then_kairos_without_dependencies() -> None:
    instructions = _dockerfile_instructions()
    installs = [
        (index, command)
        for index, (keyword, arguments) in enumerate(instructions)
        if keyword == "RUN"
        for command in _pip_installs(arguments)
    ]
    from_lock = [
        index
        for index, command in installs
        if "--require-hashes" in command and "requirements.lock" in command
    ]
    assert len(from_lock) == 1
    copied_lock = [
        index
        for index, (keyword, arguments) in enumerate(instructions)
        if keyword == "COPY" and "requirements.lock" in arguments
    ]
    assert copied_lock
    assert copied_lock[0] < from_lock[0]
    others = [(index, command) for index, command in installs if index != from_lock[0]]
    assert others, "Kairos itself is installed after its dependencies"
    assert all(index > from_lock[0] and "--no-deps" in command for index, command in others)


def test_dockerignore_lets_in_everything_the_dockerfile_copies() -> None:
    allowed = {
        line[1:].rstrip("/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.startswith("!")
    }
    sources = {
        source.rstrip("/")
        for keyword, arguments in _dockerfile_instructions()
        if keyword == "COPY" and not any(a.startswith("--from") for a in arguments)
        for source in arguments[:-1]
        if not source.startswith("--")
    }
    assert sources
    assert sources - allowed == set()


def _compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_reads_env_file_only_when_it_is_there() -> None:
    services = _compose()["services"]
    env_files = [
        entry for service in services.values() for entry in _as_list(service.get("env_file", []))
    ]
    assert env_files
    # A plain string (`env_file: .env`) is required: compose refuses to start without it.
    assert all(isinstance(entry, dict) and entry.get("required") is False for entry in env_files)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _strings(value: Any) -> list[str]:
    """Every string in the parsed compose file: what compose interpolates."""
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in _strings(key) + _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return [value] if isinstance(value, str) else []


def test_every_compose_variable_has_a_default() -> None:
    # ${VAR} with no default would be empty without a .env, and ${VAR:?} would refuse.
    variables = [
        v for text in _strings(_compose()) for v in re.findall(r"(?<!\$)\$\{([^}]*)\}", text)
    ]
    assert variables
    assert [v for v in variables if not re.fullmatch(r"\w+:?-.+", v)] == []


def test_compose_runs_kairos_on_postgresql_once_it_is_healthy() -> None:
    compose = _compose()
    services = compose["services"]
    db, bot = services["db"], services["bot"]
    assert str(db["image"]).startswith("postgres:")
    assert "test" in db["healthcheck"]
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert bot["environment"]["DATABASE_URL"].startswith("postgresql://")
    assert "@db:5432/" in bot["environment"]["DATABASE_URL"]
    assert bot["build"]["dockerfile"] == "Dockerfile"
    named_volumes = {mount.split(":")[0] for s in services.values() for mount in s["volumes"]}
    assert named_volumes <= set(compose["volumes"])


def test_licence_is_the_mit_licence_pyproject_and_the_image_declare() -> None:
    licence = (ROOT / "LICENSE").read_text()
    assert licence.startswith("MIT License\n")
    assert "Copyright (c) 2026 the Kairos contributors" in licence
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in licence
    assert _project()["license"] == "MIT"
    assert 'org.opencontainers.image.licenses="MIT"' in (ROOT / "Dockerfile").read_text()


def test_tzdata_is_declared_for_every_platform() -> None:
    tzdata = [r for r in map(Requirement, _project()["dependencies"]) if r.name == "tzdata"]
    assert len(tzdata) == 1
    assert tzdata[0].marker is None


def _requirement(name: str) -> Requirement:
    project = _project()
    lines = project["dependencies"] + project["optional-dependencies"]["test"]
    found = [r for r in map(Requirement, lines) if canonicalize_name(r.name) == name]
    assert len(found) == 1, name
    return found[0]


@pytest.mark.parametrize(
    "name",
    [
        "slack-sdk",
        "starlette",
        "cryptography",
        "pytest",
        "hypothesis",
        "jsonschema",
        "websockets",
        "ruff",
        "mypy",
        "packaging",
        "pyyaml",
    ],
)
def test_bounded_above_and_allowing_the_tested_release(name: str) -> None:
    specifier = _requirement(name).specifier
    assert any(spec.operator in ("<", "<=", "==", "~=") for spec in specifier), name
    assert specifier.contains(installed_version(name), prereleases=True)


def test_slack_sdk_is_bounded_to_the_minor_series_keepalive_was_tested_with() -> None:
    # bot/slack/keepalive.py overrides a private method of slack_sdk's WebClient.
    tested = Version(installed_version("slack-sdk"))
    specifier = _requirement("slack-sdk").specifier
    assert specifier.contains(str(tested))
    assert not specifier.contains(f"{tested.major}.{tested.minor + 1}.0")
