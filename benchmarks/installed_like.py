"""Measured processes run with their byte code cached, as on an installed system (pip
compiles it at install), in a temporary PYTHONPYCACHEPREFIX that the warm-up runs fill, so
nothing is written into the source tree.

Without it, an environment with PYTHONDONTWRITEBYTECODE=1 and spasmlog installed editable
(this development machine's) compiles each changed spasmlog module from source at every
start, while the floor's libraries (sqlite3, Textual, fpdf2) have their byte code
installed: a cost no installed copy pays, charged to one side of the comparison only.
"""

from __future__ import annotations

from pathlib import Path


def cached_bytecode_env(env: dict[str, str], folder: Path) -> dict[str, str]:
    """``env`` for a measured process, its byte code cached under ``folder/pycache``."""
    env = dict(env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    return env


def cached_bytecode_prefix(folder: Path) -> list[str]:
    """The same, as an ``env`` command prefix (for a process started by tmux)."""
    return ["env", "-u", "PYTHONDONTWRITEBYTECODE", f"PYTHONPYCACHEPREFIX={folder / 'pycache'}"]
