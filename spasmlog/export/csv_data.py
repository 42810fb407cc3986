"""CSV: one row per episode, oldest first, the exact header given in docs/export.md.

``started_at`` is ISO 8601 at the offset it was logged with; ``symptoms`` are joined with
``;``; a field that was not recorded is empty. Lines end in CRLF and quotes, commas and line
breaks in notes are quoted, per RFC 4180, so :func:`spasmlog.export.import_csv` reads every
note back exactly.

A cell that a spreadsheet would run as a formula (it begins with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) is written with a leading ``'`` (OWASP's advice against CSV
injection); so is a cell that already begins with ``'`` before such a character, so that
:func:`unprotect_cell` (used by import) removes exactly one ``'`` and the round trip holds.
"""

from __future__ import annotations

import csv

from ..domain import EPISODE_FIELDS, format_instant

NAME = "csv"
EXTENSION = "csv"
BINARY = False
SUMMARY = False
LABEL = "CSV — every episode, one row each (spreadsheets, re-import)"

# id,uid,started_at,muscle_group,side,duration_s,pain,hydration,exertion,symptoms,self_care,notes
HEADER: tuple[str, ...] = EPISODE_FIELDS


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _formula_like(cell: str) -> bool:
    return cell.lstrip("'").startswith(_FORMULA_START)


def protect_cell(cell: str) -> str:
    """``=HYPERLINK(…)`` → ``'=HYPERLINK(…)``; ``'=x`` → ``''=x``; anything else unchanged."""
    return "'" + cell if _formula_like(cell) else cell


def unprotect_cell(cell: str) -> str:
    """The inverse of :func:`protect_cell`, for import."""
    return cell[1:] if cell.startswith("'") and _formula_like(cell) else cell


def episode_row(ep) -> list[str]:
    return [protect_cell(c) for c in _raw_row(ep)]


def _raw_row(ep) -> list[str]:
    return [
        "" if ep.id is None else str(ep.id),
        ep.uid or "",
        format_instant(ep.started_at),
        ep.muscle_group,
        ep.side,
        str(ep.duration_s),
        str(ep.pain),
        ep.hydration or "",
        ep.exertion or "",
        ";".join(ep.symptoms),
        ep.self_care or "",
        ep.notes or "",
    ]


def write(job, stream) -> None:
    """Stream the rows straight from the database cursor (nothing held in memory)."""
    # RFC 4180 line ends: with "\r\n" as the terminator the csv module quotes any field
    # holding "\r" or "\n"; with a bare "\n" a note's lone "\r" would go out unquoted.
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(HEADER)
    with job.store.read() as session:
        for ep in job.episodes(session):
            writer.writerow(episode_row(ep))
