"""The command line, in-process through run(argv): exit codes, words, and what the file holds."""

from __future__ import annotations

import io
import json
import re
import sqlite3

import pytest
from common import NOW

from spasmlog.cli import run
from spasmlog.storage import open_store, repo


def cli(*argv, db=None):
    out, err = io.StringIO(), io.StringIO()
    args = list(argv) + (["--db", str(db)] if db is not None else [])
    code = run(args, now=NOW, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def episodes(db):
    store = open_store(db, create=False)
    try:
        with store.read() as s:
            return repo.list_episodes(session=s)
    finally:
        store.close()


def test_add_prints_only_the_new_id_and_stores_every_option(db_path):
    code, out, err = cli(
        "add",
        "Calves",
        "--pain",
        "6",
        "--duration",
        "1m30s",
        "--side",
        "left",
        "--at",
        "yesterday 03:10",
        "--hydration",
        "low",
        "--exertion",
        "rest",
        "--symptom",
        "tingling",
        "--symptom",
        "numbness",
        "--self-care",
        "helped",
        "--note",
        "woke me, twice",
        db=db_path,
    )
    assert (code, out, err) == (0, "1\n", "")
    [ep] = episodes(db_path)
    assert (ep.muscle_group, ep.pain, ep.duration_s, ep.side) == ("calf", 6, 90, "left")
    assert ep.local_start.isoformat() == "2026-11-24T03:10:00" and ep.utc_offset_min == 60
    assert (ep.hydration, ep.exertion, ep.self_care) == ("low", "rest", "helped")
    assert ep.symptoms == ("numbness", "tingling") and ep.notes == "woke me, twice"


def test_add_defaults_to_now_and_side_none(db_path):
    assert cli("add", "foot", "--pain", "2", "--duration", "20s", db=db_path)[0] == 0
    [ep] = episodes(db_path)
    assert ep.started_at == NOW and ep.side == "none" and ep.hydration is None


def test_db_option_works_before_the_command_and_env_var_is_honoured(tmp_path, monkeypatch):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    assert (
        run(
            ["--db", str(a), "add", "calf", "--pain", "1", "--duration", "5s"],
            now=NOW,
            out=io.StringIO(),
        )
        == 0
    )
    monkeypatch.setenv("SPASMLOG_DB", str(b))
    assert run(["add", "calf", "--pain", "2", "--duration", "5s"], now=NOW, out=io.StringIO()) == 0
    assert [e.pain for e in episodes(a)] == [1] and [e.pain for e in episodes(b)] == [2]


def test_a_diary_named_like_a_command_is_not_taken_for_the_command(tmp_path, monkeypatch):
    """``--db``'s value is not the command word, even when the file is called "list"."""
    monkeypatch.chdir(tmp_path)
    err = io.StringIO()
    argv = ["--db", "list", "add", "calf", "--pain", "3", "--duration", "5s"]
    assert run(argv, now=NOW, out=io.StringIO(), err=err) == 0, err.getvalue()
    assert [e.pain for e in episodes(tmp_path / "list")] == [3]


BAD_ADDS = [
    (["calfs"], "unknown muscle group 'calfs' — did you mean calf?"),
    (["calf", "--pain", "11"], "invalid pain '11'"),
    (["calf", "--pain", "x"], "invalid pain 'x'"),
    (["calf", "--duration", "0s"], "invalid duration '0s'"),
    (["calf", "--duration", "30"], "duration '30' has no unit — write 30s or 30m"),
    (["calf", "--duration", "2 weeks"], "invalid duration '2 weeks'"),
    (["calf", "--at", "tomorrow"], "invalid time 'tomorrow'"),
    (["calf", "--at", "23:30"], "is in the future"),
    (["calf", "--side", "up"], "unknown side 'up'"),
    (["calf", "--hydration", "damp"], "unknown hydration 'damp' — allowed: low, normal, high"),
    (["calf", "--exertion", "max"], "unknown exertion 'max'"),
    (["calf", "--symptom", "itchy"], "unknown symptom 'itchy'"),
    (["calf", "--self-care", "sort of"], "unknown self-care 'sort of'"),
    (["calf", "--note", "x" * 2001], "at most 2,000 are allowed"),
    (["calf", "--bogus"], "unrecognized arguments: --bogus"),
]


@pytest.mark.parametrize(("args", "message"), BAD_ADDS)
def test_every_bad_add_value_exits_2_with_one_line_and_changes_nothing(db_path, args, message):
    assert cli("add", "calf", "--pain", "3", "--duration", "10s", db=db_path)[0] == 0
    before = db_path.read_bytes()
    full = ["add", args[0], "--pain", "3", "--duration", "10s", *args[1:]]
    code, out, err = cli(*full, db=db_path)
    assert code == 2 and out == ""
    assert message in err
    assert err.count("\n") == 1 and err.startswith("spasmlog: ") and "Traceback" not in err
    assert db_path.read_bytes() == before


def test_add_without_the_required_options_is_a_usage_error(db_path):
    code, _, err = cli("add", "calf", db=db_path)
    assert code == 2 and "--pain, --duration" in err
    assert not db_path.exists()


def test_list_json_shape_newest_first_and_filters(db_path):
    for at, pain in (("2026-11-20T03:00", 3), ("2026-11-22T23:30", 7), ("-1h", 5)):
        assert (
            cli("add", "calf", "--pain", str(pain), "--duration", "1m", "--at", at, db=db_path)[0]
            == 0
        )
    code, out, _ = cli("list", "--json", db=db_path)
    data = json.loads(out)
    assert code == 0 and [e["pain"] for e in data] == [5, 7, 3]
    assert list(data[0]) == [
        "id",
        "uid",
        "started_at",
        "muscle_group",
        "side",
        "duration_s",
        "pain",
        "hydration",
        "exertion",
        "symptoms",
        "self_care",
        "notes",
    ]
    assert ",".join(data[0]) == (
        "id,uid,started_at,muscle_group,side,duration_s,pain,hydration,exertion,symptoms,"
        "self_care,notes"
    )  # the CSV header's keys, in its order
    assert len({e["uid"] for e in data}) == 3
    assert all(
        re.fullmatch(
            r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", e["uid"]
        )
        for e in data
    )
    assert data[1]["started_at"] == "2026-11-22T23:30:00+01:00" and data[1]["symptoms"] == []
    assert data[1]["hydration"] is None
    _, out, _ = cli("list", "--json", "--since", "2026-11-21", "--until", "2026-11-22", db=db_path)
    assert [e["pain"] for e in json.loads(out)] == [7]
    _, out, _ = cli("list", db=db_path)
    assert "2026-11-22 23:30" in out and out.index("2026-11-25") < out.index("2026-11-20")


@pytest.mark.parametrize(
    "args",
    [
        ["--since", "yesterday"],
        ["--until", "2026-02-30"],
        ["--since", "2026-11-22", "--until", "2026-11-01"],
        ["--limit", "0"],
    ],
)
def test_list_bad_options(db_path, args):
    cli("add", "calf", "--pain", "3", "--duration", "10s", db=db_path)
    code, out, err = cli("list", *args, db=db_path)
    assert code == 2 and out == "" and err.count("\n") == 1


def test_list_of_a_missing_diary_is_empty_and_creates_nothing(db_path):
    code, out, _ = cli("list", "--json", db=db_path)
    assert (code, out) == (0, "[]\n") and not db_path.exists()


def test_edit_delete_undo_round_trip(db_path):
    cli("add", "calf", "--pain", "4", "--duration", "1m", "--note", "orig", db=db_path)
    code, out, _ = cli("edit", "1", "--pain", "8", "--muscle", "hammy", "--no-symptoms", db=db_path)
    assert code == 0 and "pain 8" in out
    assert (episodes(db_path)[0].pain, episodes(db_path)[0].muscle_group) == (8, "hamstring")
    code, out, _ = cli("delete", "1", db=db_path)
    assert code == 0 and "spasmlog undo" in out and episodes(db_path) == []
    assert cli("undo", db=db_path)[1].startswith(
        "undid the last change: restored the deleted episode 1"
    )
    assert cli("undo", db=db_path)[0] == 0
    [ep] = episodes(db_path)
    assert (ep.id, ep.pain, ep.muscle_group, ep.notes) == (1, 4, "calf", "orig")
    cli("undo", db=db_path)  # undoes the add
    assert episodes(db_path) == []
    assert cli("undo", db=db_path)[1] == "nothing to undo\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["edit", "99", "--pain", "3"], "there is no episode 99"),
        (["edit", "abc", "--pain", "3"], "invalid episode id 'abc'"),
        (["edit", "1"], "nothing to change"),
        (["edit", "1", "--pain", "12"], "invalid pain '12'"),
        (["delete", "99"], "there is no episode 99"),
        (["delete", "-1"], ""),
    ],
)
def test_bad_edits_and_deletes_exit_2_and_change_nothing(db_path, args, message):
    cli("add", "calf", "--pain", "4", "--duration", "1m", db=db_path)
    before = db_path.read_bytes()
    code, out, err = cli(*args, db=db_path)
    assert code == 2 and message in err and out == ""
    assert db_path.read_bytes() == before


def test_a_foreign_file_is_refused_with_exit_2_and_untouched(tmp_path):
    db = tmp_path / "notes.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    for args in (
        ["add", "calf", "--pain", "3", "--duration", "9s"],
        ["list"],
        ["undo"],
        ["backup"],
    ):
        code, out, err = cli(*args, db=db)
        assert code == 2 and "not a spasmlog diary" in err and err.count("\n") == 1, args
    assert db.read_bytes() == before


def test_backup_command_and_paths(db_path, tmp_path):
    cli("add", "calf", "--pain", "4", "--duration", "1m", db=db_path)
    dest = tmp_path / "copy.db"
    code, out, _ = cli("backup", str(dest), db=db_path)
    assert code == 0 and str(dest) in out
    assert [e.pain for e in episodes(dest)] == [4]
    code, out, _ = cli("backup", db=db_path)
    assert code == 0 and "backups/spasmlog.db-manual-" in out
    code, out, _ = cli("backup", str(tmp_path / "no" / "such" / "dir.db"), db=db_path)
    assert code == 2
    code, out, _ = cli("paths", db=db_path)
    assert f"database: {db_path}" in out and "config.toml" in out


def test_no_traceback_even_for_an_unexpected_failure(db_path):
    db_path.mkdir(parents=True)  # a folder where the file should be
    code, out, err = cli("add", "calf", "--pain", "3", "--duration", "5s", db=db_path)
    assert code == 2 and "is a folder" in err and "Traceback" not in err


# --- any input at all: exit 0 or 2, one line, and a refused command changes nothing --------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_OPTION = st.sampled_from(
    [
        "--pain",
        "--duration",
        "--at",
        "--side",
        "--hydration",
        "--exertion",
        "--symptom",
        "--self-care",
        "--note",
    ]
)
_VALUE = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["5", "1m", "-2h", "left", "low", "rest", "helped", "tingling", "03:00"]),
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    muscle=st.one_of(st.text(max_size=10), st.sampled_from(["calf", "quads", "calfs"])),
    options=st.lists(st.tuples(_OPTION, _VALUE), max_size=4),
)
def test_any_add_either_saves_one_episode_or_exits_2_and_changes_nothing(
    tmp_path_factory, muscle, options
):
    db = tmp_path_factory.mktemp("h") / "d.db"
    assert cli("add", "calf", "--pain", "1", "--duration", "1s", db=db)[0] == 0
    before = db.read_bytes()
    argv = ["add", muscle, "--pain", "5", "--duration", "30s"]
    for opt, value in options:
        argv.append(f"{opt}={value}")
    code, out, err = cli(*argv, db=db)
    assert code in (0, 2), err
    assert "Traceback" not in err
    if code == 2:
        assert out == "" and err.startswith("spasmlog: ") and err.count("\n") == 1
        assert db.read_bytes() == before
    else:
        assert out.strip().isdigit() and len(episodes(db)) == 2


def test_version_is_the_installed_one_from_pyproject(capsys):
    import importlib.metadata
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    with pytest.raises(SystemExit) as exit_:
        run(["--version"])
    assert exit_.value.code == 0
    expected = pyproject["project"]["version"]
    assert importlib.metadata.version("spasmlog") == expected
    assert capsys.readouterr().out == f"spasmlog {expected}\n"
