"""Health data is private: owner-only files, and no code that could talk to a network."""

import ast
import os
import stat
from pathlib import Path

import spasmlog

PACKAGE = Path(spasmlog.__file__).parent
NETWORK_MODULES = {
    "socket",
    "ssl",
    "http",
    "urllib",
    "urllib3",
    "requests",
    "httpx",
    "aiohttp",
    "ftplib",
    "smtplib",
}


def test_no_module_of_spasmlog_imports_a_network_library():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in NETWORK_MODULES]
    assert offenders == []


def test_the_wal_and_shm_files_are_owner_only_too(store):
    from common import add, make_episode

    add(store, make_episode())
    for suffix in ("-wal", "-shm"):
        side = Path(f"{store.path}{suffix}")
        assert side.exists() and stat.S_IMODE(os.stat(side).st_mode) == 0o600, suffix
