"""spasmlog completion: scripts generated from the parser; the bash one is sourced in a real
bash and asked for completions."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from common import NOW

from spasmlog.cli import run


def script(shell: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert run(["completion", shell], now=NOW, out=out, err=err) == 0, err.getvalue()
    return out.getvalue()


@pytest.fixture(scope="module")
def bash_script(tmp_path_factory):
    path = tmp_path_factory.mktemp("completion") / "spasmlog.bash"
    path.write_text(script("bash"), encoding="utf-8")
    return path


def complete(bash_script, *words: str, env: dict | None = None) -> list[str]:
    """What bash offers for the last word of ``spasmlog WORDS...``."""
    line = " ".join(("spasmlog", *words))
    words_arr = " ".join(f"'{w}'" for w in ("spasmlog", *words))
    program = (
        f"source {bash_script}\n"
        f"COMP_WORDS=({words_arr}); COMP_CWORD={len(words)}; COMP_LINE='{line}'; "
        f"COMP_POINT=${{#COMP_LINE}}\n"
        "_shtab_spasmlog\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "-c", program], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr
    return sorted(w for w in done.stdout.split("\n") if w)


pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def test_commands_complete(bash_script):
    assert complete(bash_script, "ch") == ["checkin"]
    assert {"checkin", "visit", "mark", "markers", "profile", "redo", "patterns", "remind"} <= set(
        complete(bash_script, "")
    )


def test_muscle_groups_sides_symptoms_and_levels_complete(bash_script):
    assert complete(bash_script, "add", "ca") == ["calf"]
    assert complete(bash_script, "add", "calf", "--side", "") == ["both", "left", "none", "right"]
    assert complete(bash_script, "add", "calf", "--symptom", "s") == [
        "skin-color-change",
        "swelling",
    ]
    assert complete(bash_script, "add", "calf", "--hydration", "") == ["high", "low", "normal"]
    assert complete(bash_script, "edit", "3", "--exertion", "v") == ["vigorous"]
    assert complete(bash_script, "checkin", "--sleep-disturbed", "") == ["no", "yes"]
    assert complete(bash_script, "export", "--format", "f") == ["fhir"]
    assert complete(bash_script, "export", "--fhir-bundle", "") == ["collection", "transaction"]


def test_zsh_and_fish_scripts_name_the_vocabularies():
    for shell in ("zsh", "fish"):
        text = script(shell)
        assert "checkin" in text and "skin-color-change" in text and "vigorous" in text


def test_a_parsed_value_still_accepts_aliases(db_path):
    """The vocabularies are completion hints only: parsing still takes aliases."""
    out, err = io.StringIO(), io.StringIO()
    code = run(
        ["add", "calves", "--pain", "3", "--duration", "1m", "--db", str(db_path)],
        now=NOW,
        out=out,
        err=err,
    )
    assert code == 0 and out.getvalue() == "1\n", err.getvalue()


def test_add_does_not_import_shtab(db_path):
    code = (
        "import sys, io\nfrom spasmlog.cli import run\n"
        "run(['add', 'calf', '--pain', '3', '--duration', '1m', '--db', sys.argv[1]], "
        "out=io.StringIO(), err=io.StringIO())\n"
        "assert 'shtab' not in sys.modules, 'shtab loaded'\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db_path)], check=True, timeout=60)


def _tagged_diary(db_path) -> dict:
    """A diary whose check-ins used long-walk twice and hot once; the environment a shell
    started from this virtual environment, on that diary, would have."""
    for day, tags in (
        ("2026-11-10", "long-walk"),
        ("2026-11-11", "long-walk"),
        ("2026-11-12", "hot"),
    ):
        out, err = io.StringIO(), io.StringIO()
        argv = ["checkin", day, "--tag", tags, "--db", str(db_path)]
        assert run(argv, now=NOW, out=out, err=err) == 0, err.getvalue()
    bin_dir = str(Path(sys.executable).parent)
    return dict(os.environ, SPASMLOG_DB=str(db_path), PATH=f"{bin_dir}:{os.environ['PATH']}")


def test_tags_complete_from_this_diary_only(bash_script, db_path, tmp_path):
    env = _tagged_diary(db_path)
    assert complete(bash_script, "checkin", "--tag", "", env=env) == ["hot", "long-walk"]
    assert complete(bash_script, "checkin", "--tag", "l", env=env) == ["long-walk"]
    # No word list of its own: another diary, or none at all, offers nothing.
    other = dict(env, SPASMLOG_DB=str(tmp_path / "none.db"))
    assert complete(bash_script, "checkin", "--tag", "", env=other) == []
    assert not (tmp_path / "none.db").exists()


def test_completion_tags_lists_most_used_first(db_path):
    _tagged_diary(db_path)
    out, err = io.StringIO(), io.StringIO()
    assert run(["completion", "--tags", "--db", str(db_path)], now=NOW, out=out, err=err) == 0
    assert out.getvalue() == "long-walk\nhot\n" and err.getvalue() == ""


def test_completion_without_a_shell_is_refused():
    out, err = io.StringIO(), io.StringIO()
    assert run(["completion"], now=NOW, out=out, err=err) == 2
    assert err.getvalue() == "spasmlog: name a shell: bash, zsh or fish\n"


@pytest.mark.skipif(shutil.which("fish") is None, reason="needs fish")
def test_fish_completes_vocabularies_and_the_diary_tags(db_path, tmp_path):
    env = _tagged_diary(db_path)
    path = tmp_path / "spasmlog.fish"
    path.write_text(script("fish"), encoding="utf-8")

    def fish(line: str) -> list[str]:
        done = subprocess.run(
            ["fish", "--no-config", "-c", f"source {path}; complete -C '{line}'"],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
        assert done.returncode == 0, done.stderr
        return sorted(w.split("\t")[0] for w in done.stdout.splitlines() if w)

    assert fish("spasmlog add calf --side ") == ["both", "left", "none", "right"]
    assert fish("spasmlog checkin --tag l") == ["long-walk"]
    assert "checkin" in fish("spasmlog ch")
