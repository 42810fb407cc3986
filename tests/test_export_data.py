"""CSV and JSON exports through the CLI: exact header, formatting, ranges, streaming, files."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from datetime import UTC, datetime, timedelta, timezone

import pytest
from common import NOW, add, make_episode

from spasmlog.cli import run
from spasmlog.export.csv_data import HEADER

TZ_NY = timezone(timedelta(hours=-5))


def cli(db_path, *argv, now=NOW):
    out, err = io.StringIO(), io.StringIO()
    code = run(["--db", str(db_path), *argv], now=now, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def diary(store):
    ids = add(
        store,
        make_episode(
            started_at=datetime(2026, 11, 20, 3, 10, tzinfo=timezone(timedelta(hours=1))),
            side="left",
            pain=7,
            duration_s=650,
            hydration="low",
            exertion="vigorous",
            symptoms=("tingling", "numbness"),
            self_care="did-not-help",
            notes='she said "again", then\nwent, on',
        ),
        make_episode(started_at=datetime(2026, 10, 1, 22, 0, tzinfo=TZ_NY), muscle_group="foot"),
        make_episode(started_at=datetime(2025, 1, 5, 12, 0, tzinfo=UTC), muscle_group="hand"),
    )
    return ids


def test_csv_header_rows_oldest_first_and_fields(db_path, diary):
    code, out, err = cli(db_path, "export", "--format", "csv")
    assert code == 0, err
    lines = out.split("\r\n")
    assert (
        lines[0]
        == "id,uid,started_at,muscle_group,side,duration_s,pain,hydration,exertion,symptoms,"
        "self_care,notes"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["muscle_group"] for r in rows] == ["hand", "foot", "calf"]  # oldest first
    hand, foot, calf = rows
    assert hand["started_at"] == "2025-01-05T12:00:00+00:00"
    assert foot["started_at"] == "2026-10-01T22:00:00-05:00"  # the offset it was logged with
    assert (
        foot["hydration"]
        == foot["exertion"]
        == foot["symptoms"]
        == foot["self_care"]
        == foot["notes"]
        == ""
    )
    assert calf["symptoms"] == "numbness;tingling"  # SPEC order, ';'-joined
    assert calf["notes"] == 'she said "again", then\nwent, on'
    assert calf["duration_s"] == "650" and calf["pain"] == "7" and calf["side"] == "left"
    assert calf["id"] == str(diary[0])


def test_csv_range_is_inclusive_local_dates(db_path, diary):
    # 2026-10-01 22:00 at -05:00 is 2026-10-02 in UTC, but its own day is 1 October.
    code, out, _ = cli(
        db_path, "export", "--format", "csv", "--from", "2026-10-01", "--to", "2026-10-01"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["muscle_group"] for r in rows] == ["foot"]
    code, out, _ = cli(db_path, "export", "--format", "csv", "--from", "2026-10-02")
    assert [r["muscle_group"] for r in csv.DictReader(io.StringIO(out))] == ["calf"]


def test_json_shape_and_keys(db_path, diary):
    code, out, err = cli(db_path, "export", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert list(data) == [
        "episodes",
        "checkins",
        "markers",
        "profile",
        "weeks",
        "flags",
        "patterns",
        "as_of",
        "diary_start",
        "disclaimer",
    ]
    assert data["diary_start"] == "2025-01-05"
    assert data["checkins"] == [] and data["markers"] == [] and data["patterns"] == []
    assert data["profile"] == dict.fromkeys(
        ("name", "birth_year", "conditions", "medicines", "questions")
    )
    assert data["as_of"] == "2026-11-25"
    assert data["disclaimer"].startswith("spasmlog is a diary, not a diagnosis")
    assert [e["muscle_group"] for e in data["episodes"]] == ["hand", "foot", "calf"]
    assert set(data["episodes"][0]) == set(HEADER)
    calf = data["episodes"][2]
    assert calf["symptoms"] == ["numbness", "tingling"] and data["episodes"][1]["hydration"] is None
    # the whole diary: weeks from the first episode's ISO week to as_of's, oldest first
    assert data["weeks"][0]["start"] == "2024-12-30" and data["weeks"][-1]["week"] == "2026-W48"
    assert sum(w["count"] for w in data["weeks"]) == 3
    rules = {f["rule"] for f in data["flags"]}
    assert {"associated-symptoms", "prolonged"} <= rules
    for f in data["flags"]:
        assert set(f) == {
            "rule",
            "severity",
            "criterion",
            "title",
            "detail",
            "episode_ids",
            "since",
            "status",
            "evidence",
        }


def test_json_flags_are_evaluated_as_of_to(db_path, diary):
    # As of 2026-10-31 the 20 November episode is in the future: none of its flags.
    code, out, _ = cli(db_path, "export", "--format", "json", "--to", "2026-10-31")
    data = json.loads(out)
    assert data["as_of"] == "2026-10-31"
    assert all(e["muscle_group"] != "calf" for e in data["episodes"])
    assert data["flags"] == [] or all(diary[0] not in f["episode_ids"] for f in data["flags"])
    assert {"prolonged", "associated-symptoms"}.isdisjoint({f["rule"] for f in data["flags"]})


def test_empty_range_gives_valid_outputs(db_path, diary):
    code, out, _ = cli(
        db_path, "export", "--format", "csv", "--from", "2020-01-01", "--to", "2020-01-31"
    )
    assert code == 0 and out == ",".join(HEADER) + "\r\n"
    code, out, _ = cli(
        db_path, "export", "--format", "json", "--from", "2020-01-01", "--to", "2020-01-31"
    )
    data = json.loads(out)
    assert data["episodes"] == [] and data["flags"] == []


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "fhir", "pdf"])
def test_output_file_is_owner_only_and_replaced_atomically(db_path, diary, tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    target.write_text("old contents")
    os.chmod(target, 0o644)
    code, out, err = cli(db_path, "export", "--format", fmt, "-o", str(target))
    assert code == 0, err
    assert out == ""  # the data went to the file, the status line to stderr
    assert f"to {target}" in err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() != b"old contents"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no leftovers


def test_pdf_without_output_goes_to_a_named_file_here(db_path, diary, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(db_path, "export", "--format", "pdf")
    assert code == 0, err
    expected = tmp_path / "spasmlog-2026-09-03_2026-11-25.pdf"
    assert expected.read_bytes().startswith(b"%PDF")
    assert str(expected) in err
    assert stat.S_IMODE(expected.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    "argv, words",
    [
        (["--format", "docx"], "unknown export format 'docx'"),
        (["--format", "csv", "--from", "2026-13-01"], "invalid --from date '2026-13-01'"),
        (["--format", "pdf", "--to", "yesterday"], "invalid --to date 'yesterday'"),
        (
            ["--format", "json", "--from", "2026-11-20", "--to", "2026-11-01"],
            "--from 2026-11-20 is after --to 2026-11-01",
        ),
        (["--format", "pdf", "--from", "2026-12-01"], "after the end date 2026-11-25"),
        (["--format", "csv", "-o", "/nonexistent-folder/x.csv"], "does not exist"),
    ],
)
def test_bad_choices_exit_2_with_one_line_and_write_nothing(
    db_path, diary, tmp_path, monkeypatch, argv, words
):
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = cli(db_path, "export", *argv)
    assert code == 2
    assert words in err and err.count("\n") == 1
    assert out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_export_without_a_diary_is_refused_and_creates_nothing(tmp_path):
    db = tmp_path / "none" / "d.db"
    code, _, err = cli(db, "export", "--format", "csv")
    assert code == 2 and "no diary" in err
    assert not db.exists()


@pytest.fixture(scope="module")
def big_store(tmp_path_factory):
    from spasmlog.sample import generate_many, seed_store
    from spasmlog.storage import open_store

    s = open_store(tmp_path_factory.mktemp("big") / "big.db", today=NOW.date())
    seed_store(s, generate_many(10_000, end=NOW.date()))
    yield s
    s.close()


def _peak(fn) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["csv", "fhir", "json"])
def test_data_exports_stream_instead_of_holding_the_diary(big_store, fmt):
    """Peak memory of a 10,000-episode export stays far below holding the episodes as a list."""
    from spasmlog.export import export
    from spasmlog.storage import repo

    def as_list():
        with big_store.read() as session:
            return list(repo.iter_episodes(session=session))

    def do_export():
        with open(os.devnull, "w", encoding="utf-8") as sink:
            export(
                big_store, fmt, start=None, end=None, today=NOW.date(), out_path=None, stdout=sink
            )

    listed = _peak(as_list)
    streamed = _peak(do_export)
    assert streamed < listed / 2, (streamed, listed)


def test_export_modules_import_nothing_heavy():
    """The registry loads without fpdf2, Textual, fhir.resources or SQLModel (0.2–0.4 s each)."""
    import subprocess
    import sys

    code = (
        "import sys, spasmlog.export, spasmlog.commands.exports\n"
        "heavy = [m for m in ('fpdf', 'textual', 'fhir', 'sqlmodel', 'pypdf')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == ""


def test_json_carries_checkins_markers_profile_and_patterns(db_path, tmp_path):
    from spasmlog.sample import make_demo_diary

    demo = make_demo_diary(tmp_path, now=NOW)
    assert cli(demo, "profile", "--name", "Ada", "--birth-year", "1960")[0] == 0
    code, out, err = cli(demo, "export", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert len(data["checkins"]) > 70
    assert set(data["checkins"][0]) == {
        "day",
        "complete",
        "hydration",
        "exertion",
        "sleep_disturbed",
        "tags",
    }
    assert [m["kind"] for m in data["markers"]] == ["change", "visit"]
    assert data["profile"]["name"] == "Ada" and data["profile"]["birth_year"] == 1960
    assert [p["factor"] for p in data["patterns"] if p["pattern"]] == ["tag:long-walk"]
    assert all(w["tracked_days"] == 7 for w in data["weeks"][1:-1])
