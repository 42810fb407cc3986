"""The diary and config locations, found without platformdirs on Linux, agree with
platformdirs itself (the oracle) for every shape of XDG variable and HOME."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from spasmlog import paths

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the fast path is Linux-only")

XDG_VALUES = [None, "", "   ", "relative/data", "/abs/data", "/abs/data/", "/with space/d"]
HOMES = ["/home/ana", "/home/ana/", "/", "/home/with space"]


WHERE = {
    "diary": (
        "XDG_DATA_HOME",
        "SPASMLOG_DB",
        lambda: paths.db_path(),
        lambda: Path(platformdirs.user_data_dir("spasmlog", appauthor=False)) / "spasmlog.db",
    ),
    "config": (
        "XDG_CONFIG_HOME",
        "SPASMLOG_CONFIG",
        lambda: paths.config_path(),
        lambda: Path(platformdirs.user_config_dir("spasmlog", appauthor=False)) / "config.toml",
    ),
}


@pytest.mark.parametrize("what", WHERE)
@pytest.mark.parametrize("home", HOMES)
@pytest.mark.parametrize("xdg", XDG_VALUES)
def test_files_are_where_platformdirs_puts_them(monkeypatch, what, home, xdg):
    xdg_var, override, ours, oracle = WHERE[what]
    monkeypatch.delenv(override, raising=False)
    monkeypatch.setenv("HOME", home)
    if xdg is None:
        monkeypatch.delenv(xdg_var, raising=False)
    else:
        monkeypatch.setenv(xdg_var, xdg)
    assert paths._xdg_folder(xdg_var, "unused") is not None  # the fast path ran
    assert ours() == oracle()


@pytest.mark.parametrize(
    "env",
    [{"HOME": "relative/home"}, {"ANDROID_DATA": "/data", "ANDROID_ROOT": "/system"}],
    ids=["relative-home", "android"],
)
def test_anything_unusual_is_left_to_platformdirs(monkeypatch, env):
    monkeypatch.setenv("HOME", "/home/ana")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert paths._xdg_folder("XDG_DATA_HOME", ".local/share") is None
    monkeypatch.delenv("SPASMLOG_DB", raising=False)
    monkeypatch.delenv("SPASMLOG_CONFIG", raising=False)
    for _xdg_var, _override, ours, oracle in WHERE.values():
        assert ours() == oracle()  # platformdirs answered


def test_the_cli_start_does_not_import_platformdirs(tmp_path):
    """``spasmlog add`` on the default location resolves it without platformdirs."""
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if not k.startswith(("SPASMLOG_", "XDG_"))}
    env.update(HOME=str(tmp_path), SPASMLOG_NOW="2026-11-20T12:00:00+01:00")
    code = (
        "import sys\n"
        "from spasmlog.cli import run\n"
        "status = run(['add', 'calf', '--pain', '5', '--duration', '1m'])\n"
        "print(status, 'platformdirs' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split()[-2:] == ["0", "False"]
    assert (tmp_path / ".local" / "share" / "spasmlog" / "spasmlog.db").is_file()
