"""Fuzzing ``spasmlog import`` (issue 8): whatever the file holds, the exit status is 0 or 2
(never an internal error), a refused file leaves the diary byte for byte as it was, and
whatever an import let in is readable by ``list`` and by every export afterwards.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from common import NOW
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spasmlog import domain as d
from spasmlog.cli import run

HEADER = (
    "id,started_at,muscle_group,side,duration_s,pain,hydration,exertion,symptoms,self_care,notes"
)
FUZZ = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), now=NOW, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


class Diary:
    """A seeded diary in a fresh folder (Hypothesis runs many examples per test)."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="spasmlog-fuzz-"))
        self.db = self.folder / "d" / "diary.db"
        for pain in ("2", "7"):
            assert (
                cli("add", "calf", "--pain", pain, "--duration", "1m", "--db", str(self.db))[0] == 0
            )

    def files(self) -> dict:
        return {p.name: p.read_bytes() for p in sorted(self.db.parent.rglob("*")) if p.is_file()}

    def import_bytes(self, data: bytes) -> tuple[int, str]:
        f = self.folder / "in.csv"
        f.write_bytes(data)
        before = self.files()
        code, _, err = cli("import", str(f), "--db", str(self.db))
        assert code in (0, 2), err
        assert "Traceback" not in err and "internal error" not in err
        if code == 2:
            assert len(err.strip().splitlines()) == 1, err
            assert self.files() == before
        return code, err

    def everything_reads(self, formats=("csv", "json", "md", "fhir")) -> None:
        for argv in (("list",), ("list", "--json"), ("trends",), ("flags",)):
            code, _, err = cli(*argv, "--db", str(self.db))
            assert code == 0, (argv, err)
        for fmt in formats:
            code, _, err = cli(
                "export",
                "--format",
                fmt,
                "-o",
                str(self.folder / f"out.{fmt}"),
                "--db",
                str(self.db),
            )
            assert code == 0, (fmt, err)

    def close(self):
        shutil.rmtree(self.folder, ignore_errors=True)


@FUZZ
@given(st.binary(max_size=600))
def test_arbitrary_bytes_are_imported_or_refused_never_crash(data):
    diary = Diary()
    try:
        code, _ = diary.import_bytes(data)
        if code == 0:
            diary.everything_reads()
    finally:
        diary.close()


@FUZZ
@given(st.binary(max_size=300))
def test_arbitrary_bytes_after_a_valid_header_never_crash(data):
    diary = Diary()
    try:
        code, _ = diary.import_bytes(HEADER.encode() + b"\r\n" + data)
        if code == 0:
            diary.everything_reads()
    finally:
        diary.close()


EXTREME_INSTANTS = st.builds(
    lambda dt, minutes: dt.replace(tzinfo=timezone(timedelta(minutes=minutes))),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)),
    st.integers(-14 * 60, 14 * 60),
)
CELL = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30) | st.sampled_from(
    ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx", "'=x", "''", "'"]
)


def _row(ep: dict) -> list[str]:
    return [str(ep[k]) if ep[k] is not None else "" for k in HEADER.split(",")]


def mostly(valid: st.SearchStrategy, *odd: st.SearchStrategy) -> st.SearchStrategy:
    """Valid values three times out of four, so that many files import and are read back."""
    return st.one_of(valid, valid, valid, *odd) if odd else valid


RECENT = st.builds(
    lambda minutes_ago, offset: (NOW - timedelta(minutes=minutes_ago)).astimezone(
        timezone(timedelta(minutes=offset))
    ),
    st.integers(0, 60 * 24 * 365 * 130),
    st.integers(-14 * 60, 14 * 60),
)
ROWS = st.fixed_dictionaries(
    {
        "id": st.none()
        | st.integers(1, 2**53)
        | st.integers(-5, 2**63 + 5)
        | st.sampled_from([2**53 + 1, "²", "１", "0"]),
        "started_at": mostly(RECENT, EXTREME_INSTANTS, CELL).map(
            lambda t: t.isoformat() if isinstance(t, datetime) else t
        ),
        "muscle_group": mostly(st.sampled_from(d.MUSCLE_GROUPS), CELL),
        "side": mostly(st.sampled_from(d.SIDES), CELL),
        "duration_s": mostly(
            st.integers(1, 86_400), st.integers(-1, 86_401), st.sampled_from(["1h", "1" * 25])
        ),
        "pain": mostly(st.integers(0, 10), st.integers(-1, 11), CELL),
        "hydration": st.none() | st.sampled_from(d.HYDRATION_LEVELS),
        "exertion": st.none() | st.sampled_from(d.EXERTION_LEVELS),
        "symptoms": st.sets(st.sampled_from(d.SYMPTOMS)).map(";".join),
        "self_care": st.none() | st.sampled_from(d.SELF_CARE_VALUES),
        "notes": st.none() | CELL | st.text(min_size=1990, max_size=2_010),
    }
)


def test_well_formed_rows_with_extreme_values_never_crash():
    outcomes: set[int] = set()

    @FUZZ
    @given(st.lists(ROWS, min_size=1, max_size=4))
    def check(rows):
        diary = Diary()
        try:
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\r\n")
            writer.writerow(HEADER.split(","))
            for r in rows:
                writer.writerow(_row(r))
            code, _ = diary.import_bytes(buf.getvalue().encode("utf-8", "surrogatepass"))
            outcomes.add(code)
            if code == 0:
                diary.everything_reads()
        finally:
            diary.close()

    check()
    assert outcomes == {0, 2}  # both halves of the property were exercised


@settings(max_examples=5, deadline=None)
@given(st.lists(ROWS, min_size=1, max_size=3))
def test_whatever_was_imported_also_makes_a_pdf(rows):
    diary = Diary()
    try:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(HEADER.split(","))
        for r in rows:
            writer.writerow(_row(r))
        code, _ = diary.import_bytes(buf.getvalue().encode("utf-8", "surrogatepass"))
        diary.everything_reads(formats=("pdf",))
    finally:
        diary.close()
