from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# Property tests never fail by luck: every run draws the same examples (derandomize), and
# falsifying examples found so far are pinned with @example. `bash tests/stress.sh` sets
# CVKIT_STRESS=1 for the long random search, which is not part of the test command.
STRESS = os.environ.get("CVKIT_STRESS") == "1"
settings.register_profile("ci", derandomize=True, deadline=None, database=None,
                          print_blob=True)
settings.register_profile("stress", max_examples=5000, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("stress" if STRESS else "ci")

# Tests never read the wall clock: "today" in every document is 2026-01-01, in this process
# and in every cvkit process a test starts, so no test fails across midnight UTC.
os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
# Nor the developer's own cache: this run's cache and its key live in a folder of its own,
# inherited by every cvkit process a test starts (tests of the cache give each its own).
_OWN_CACHE = Path(tempfile.mkdtemp(prefix="cvkit-tests-"))
os.environ["XDG_CACHE_HOME"] = str(_OWN_CACHE / "cache")
os.environ["XDG_STATE_HOME"] = str(_OWN_CACHE / "state")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_OWN_CACHE, ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite the golden files under tests/golden/ from current output.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(params=EXAMPLES, ids=[p.stem for p in EXAMPLES])
def example(request: pytest.FixtureRequest) -> Path:
    return Path(request.param)


def run_cvkit(*args: str | Path, cwd: Path | None = None,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a fresh process, as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "cvkit", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, env=full_env, timeout=300)


def profile_items(path: Path) -> dict[str, list[str]]:
    """What every export must carry, read from the profile itself (not from our output)."""
    from cvkit.profile.load import load_profile

    p = load_profile(path)
    positions = []
    for e in p.experience:
        positions.append(e.organization)
        if e.position:
            positions.append(e.position)
        positions += [r.title for r in e.roles]
        positions += [sp.name for sp in e.projects]
    return {
        "name": [p.name],
        "titles": [pub.title for pub in p.publications if not pub.hidden],
        "positions": positions + [ed.institution for ed in p.education],
        "awards": [a.title for a in p.awards],
    }


def require_tool(found: bool, what: str) -> None:
    """Skip when a real consumer (TeX, LibreOffice, Chromium, a CJK font) is absent.

    CI sets CVKIT_REQUIRE_CONSUMERS=1 and installs them all, so there a missing
    consumer fails the run instead of silently skipping its checks.
    """
    if found:
        return
    if os.environ.get("CVKIT_REQUIRE_CONSUMERS") == "1":
        pytest.fail(f"{what} is required in CI but missing (scripts/setup.sh installs it)")
    pytest.skip(f"{what} is not installed; run scripts/setup.sh as root to install it")


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_tool(False, "the Python package playwright")
    require_tool(os.path.exists(CHROMIUM), "Debian's chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()
