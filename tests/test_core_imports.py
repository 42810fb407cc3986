"""The layers below the faces never pull in Textual, and the fast paths never pull in SQLModel.

Each import runs in a fresh interpreter, so what one test loaded cannot hide another's.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

CORE = [
    "spasmlog.domain",
    "spasmlog.storage",
    "spasmlog.storage.repo",
    "spasmlog.analysis",
    "spasmlog.export",
    "spasmlog.config",
    "spasmlog.text",
    "spasmlog.messages",
    "spasmlog.sample",
    "spasmlog.cli",
    "spasmlog.commands.episodes",
    "spasmlog.commands.days",
    "spasmlog.analysis.patterns",
    "spasmlog.reminders",
    "spasmlog.export.json_data",
]
FAST = ["spasmlog.cli", "spasmlog.commands.episodes", "spasmlog.commands.days"]


@pytest.mark.parametrize("module", FAST)
def test_fast_path_does_not_load_shtab_or_uuid(module):
    loaded = _loaded_after_import(module)
    assert not {"shtab", "uuid", "scipy"} & loaded


def _loaded_after_import(module: str) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"importlib.import_module({module!r})\n"
        "print(json.dumps(sorted(m.split('.')[0] for m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


def _loaded_modules(module: str) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"importlib.import_module({module!r})\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_load_textual(module):
    loaded = _loaded_after_import(module)
    assert "spasmlog" in loaded  # the import really happened
    assert "textual" not in loaded


@pytest.mark.parametrize("module", FAST)
def test_fast_path_does_not_load_sqlmodel(module):
    loaded = _loaded_after_import(module)
    assert not {"sqlmodel", "sqlalchemy"} & loaded
    assert "importlib.metadata" not in _loaded_modules(module)  # the version is looked up lazily


def test_the_tui_app_module_does_not_load_heavy_libraries():
    loaded = _loaded_after_import("spasmlog.tui.app")
    assert "textual" in loaded
    assert not {"sqlmodel", "sqlalchemy", "plotext", "fpdf", "scipy", "textual_plotext"} & loaded
