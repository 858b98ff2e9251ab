"""The user's cache: a planted or edited entry is never run and never trusted, folders and
files are the user's alone, few versions are kept, and `cvkit cache clear` / `--no-cache`."""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from cvkit.support import cache

from .conftest import ROOT

EXAMPLE = ROOT / "examples" / "weilin-cai.yaml"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A cache and a key of this test's own (also for the cvkit processes it starts)."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_STATE_HOME": str(tmp_path / "state")}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("CVKIT_NO_CACHE", raising=False)
    cache._key_at.cache_clear()
    return env


def _cvkit(*args: str | Path, env: dict[str, str],
           umask: int | None = None) -> subprocess.CompletedProcess[str]:
    def set_umask() -> None:
        if umask is not None:
            os.umask(umask)
    return subprocess.run([sys.executable, "-m", "cvkit", *map(str, args)],
                          env={**os.environ, **env, "CVKIT_NO_CACHE": ""}, text=True,
                          capture_output=True, preexec_fn=set_umask)


class _RunsCommand:
    """A pickle that runs a shell command when loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (f"touch {self.marker}",))


def _profile_entry(profile: Path) -> Path:
    text = profile.read_bytes().decode("utf-8-sig")
    name = cache.entry_name(cache.profile_key(profile, text))
    assert name is not None
    return cache.root() / "profiles" / name


@pytest.mark.parametrize("signed", [False, True], ids=["planted", "planted-with-the-key"])
def test_a_planted_entry_is_not_run(signed: bool, home: dict[str, str], tmp_path: Path) -> None:
    """A pickle that runs a command, planted at the key the profile's entry has: unsigned,
    it fails the HMAC; signed with the user's own key (a stolen key), the unpickler refuses
    `os.system`. Either way the export works, silently, and the entry is made again."""
    assert _cvkit("validate", EXAMPLE, env=home).returncode == 0  # makes the key
    entry = _profile_entry(EXAMPLE)
    marker = tmp_path / "ran"
    payload = pickle.dumps(_RunsCommand(marker))
    if signed:
        key = cache.key_file().read_bytes()
        payload = hmac.new(key, payload, hashlib.sha256).digest() + payload
    entry.write_bytes(payload)
    done = _cvkit("export", EXAMPLE, "-f", "html", "-o", tmp_path / "site", env=home)
    assert done.returncode == 0, done.stderr
    assert not marker.exists()
    assert "Traceback" not in done.stderr and "cache" not in done.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert cache.load_value("profiles", cache.profile_key(
        EXAMPLE, EXAMPLE.read_text("utf-8"))) is not None  # made again, and good


def test_an_edited_entry_is_dropped_and_made_again(home: dict[str, str], tmp_path: Path) -> None:
    assert _cvkit("validate", EXAMPLE, env=home).returncode == 0
    entry = _profile_entry(EXAMPLE)
    good = entry.read_bytes()
    edited = bytearray(good)
    edited[-40] ^= 0x01
    entry.write_bytes(bytes(edited))
    key = cache.profile_key(EXAMPLE, EXAMPLE.read_text("utf-8"))
    assert cache.load_value("profiles", key) is None
    assert not entry.exists()
    done = _cvkit("validate", EXAMPLE, env=home)
    assert done.returncode == 0 and done.stderr == ""
    assert cache.load_value("profiles", key) is not None


def test_a_value_of_another_kind_is_refused_by_the_unpickler() -> None:
    """Only cvkit's model classes and plain values: a function, or a class of cvkit's that
    is not a model (a worker forks when made), is refused by name."""
    from cvkit.build.workers import Worker

    for value in (os.system, Worker, subprocess.Popen):
        with pytest.raises(pickle.UnpicklingError):
            cache._ModelUnpickler(__import__("io").BytesIO(pickle.dumps(value))).load()


def test_folders_and_files_are_the_users_alone(home: dict[str, str], tmp_path: Path) -> None:
    """Under a umask that lets others read (022): folders 0700, entries and key 0600; a
    cache folder made 0755 by an older cvkit is closed."""
    root = Path(home["XDG_CACHE_HOME"]) / "cvkit"
    (root / "profiles").mkdir(parents=True)
    os.chmod(root, 0o755)
    done = _cvkit("export", ROOT / "tests" / "fixtures" / "math.yaml", "-f", "html,pdf",
                  "-o", tmp_path / "out", env=home, umask=0o022)
    assert done.returncode == 0, done.stderr
    folders = [root, *[p for p in root.rglob("*") if p.is_dir()]]
    files = [p for p in root.rglob("*") if p.is_file()]
    assert len(folders) >= 3 and len(files) >= 3  # profiles, data, formulas, month patterns
    assert {stat.S_IMODE(p.stat().st_mode) for p in folders} == {0o700}
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o600}
    assert stat.S_IMODE(cache.key_file().stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.key_file().parent.stat().st_mode) == 0o700


def test_a_key_others_could_read_is_replaced(home: dict[str, str]) -> None:
    key_file = cache.key_file()
    key_file.parent.mkdir(parents=True)
    key_file.write_bytes(b"k" * 32)
    os.chmod(key_file, 0o644)
    cache._key_at.cache_clear()
    assert cache._key() not in (None, b"k" * 32)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_exported_files_follow_the_umask(umask: int, mode: int, home: dict[str, str],
                                         tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = _cvkit("export", EXAMPLE, "-f", "pdf,html,docx", "-o", out, env=home, umask=umask)
    assert done.returncode == 0, done.stderr
    written = [p for p in out.rglob("*") if p.is_file()]
    assert len(written) > 5
    assert {stat.S_IMODE(p.stat().st_mode) for p in written} == {mode}


def test_cache_clear_and_no_cache(home: dict[str, str], tmp_path: Path) -> None:
    assert _cvkit("validate", EXAMPLE, env=home).returncode == 0
    assert cache.root().is_dir() and cache.key_file().is_file()
    done = _cvkit("cache", "clear", env=home)
    assert done.returncode == 0 and "removed" in done.stdout
    assert not cache.root().exists() and not cache.key_file().exists()
    done = _cvkit("--no-cache", "export", EXAMPLE, "-f", "html", "-o", tmp_path / "site",
                  env=home)
    assert done.returncode == 0, done.stderr
    assert not cache.root().exists()
    assert "0 entries" in _cvkit("cache", "info", env=home).stdout


def test_few_versions_are_kept(home: dict[str, str], tmp_path: Path) -> None:
    """Every save of a profile is a new entry; only the newest few stay (not 64)."""
    profile = tmp_path / "cv.yaml"
    from cvkit.profile.load import load_profile

    for i in range(cache.KEEP + 4):
        profile.write_text(f"name: Ada Lovelace\nheadline: Draft {i}\n", encoding="utf-8")
        load_profile(profile)
    assert len(list((cache.root() / "profiles").iterdir())) == cache.KEEP


def test_a_replaced_file_keeps_its_mode(home: dict[str, str], tmp_path: Path) -> None:
    """A CV (or a profile rewritten by an import) its owner made private stays private when
    written again with other bytes; a new file follows the umask."""
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Ada Park\n", encoding="utf-8")
    out = tmp_path / "out"
    assert _cvkit("export", profile, "-f", "html", "-o", out, env=home,
                  umask=0o022).returncode == 0
    page = out / "index.html"
    assert stat.S_IMODE(page.stat().st_mode) == 0o644
    page.chmod(0o600)
    profile.write_text("name: Ada Park\nheadline: Engineer\n", encoding="utf-8")
    assert _cvkit("export", profile, "-f", "html", "-o", out, env=home,
                  umask=0o022).returncode == 0
    assert "Engineer" in page.read_text("utf-8")
    assert stat.S_IMODE(page.stat().st_mode) == 0o600
