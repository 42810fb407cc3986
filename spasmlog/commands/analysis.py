"""Handlers for ``trends`` and ``flags`` (docs/cli.md, docs/flags.md): JSON or plain text.

Plain text rather than Rich: importing Rich would cost more than the whole analysis of a
100,000-episode diary, and the output must also read well when piped or in a small pane.
A missing diary is never created here: it has no weeks and no flags.
"""

from __future__ import annotations

import json
import textwrap
from datetime import date

from .. import domain as d
from .. import text as t
from ..errors import InputError
from ..messages import DISCLAIMER

MAX_WEEKS = 520
WIDTH = 88


EARLIEST_AS_OF = date(1900, 1, 1)  # no episode can be older (they are rejected)
LATEST_AS_OF = date(9999, 11, 30)  # the windows need a few days of room in the calendar


def _as_of(args, ctx) -> date:
    if args.as_of is None:
        return ctx.now.date()
    as_of = d.parse_date(args.as_of, "--as-of date")
    if not EARLIEST_AS_OF <= as_of <= LATEST_AS_OF:
        raise InputError(
            f"invalid --as-of date {args.as_of!r} — use a date from {EARLIEST_AS_OF} "
            f"to {LATEST_AS_OF}"
        )
    return as_of


def _weeks(text: str | None) -> int:
    from ..analysis import DEFAULT_WEEKS

    if text is None:
        return DEFAULT_WEEKS
    s = str(text).strip()
    if not s.isascii() or not s.isdigit() or not 1 <= int(s) <= MAX_WEEKS:
        raise InputError(f"invalid --weeks {text!r} — use a whole number from 1 to {MAX_WEEKS}")
    return int(s)


def cmd_trends(args, ctx) -> int:
    from ..analysis import Trends, weekly_trends

    weeks = _weeks(args.weeks)
    as_of = _as_of(args, ctx)
    if ctx.db.exists():
        store = ctx.open_store(create=False, readonly=True)
        with store.read() as session:
            trends = weekly_trends(session, as_of=as_of, weeks=weeks)
    else:
        trends = Trends(as_of=as_of, weeks=[])
    if args.json:
        json.dump(trends.to_dict(), ctx.out, ensure_ascii=False, indent=2)
        ctx.out.write("\n")
    else:
        ctx.out.write(render_trends(trends))
    return 0


def cmd_flags(args, ctx) -> int:
    from ..analysis import FlagReport, flag_report
    from ..config import load_config

    as_of = _as_of(args, ctx)
    thresholds = load_config().thresholds
    report = FlagReport(as_of=as_of, last_visit=None, flags=())
    if ctx.db.exists():
        store = ctx.open_store(create=False, readonly=True)
        with store.read() as session:
            report = flag_report(session, as_of=as_of, thresholds=thresholds)
    if args.json:
        json.dump(report.to_dict(), ctx.out, ensure_ascii=False, indent=2)
        ctx.out.write("\n")
    else:
        ctx.out.write(render_flags(report))
    return 0


# --- plain-text rendering -------------------------------------------------------------


def _top(counts: dict[str, int], n: int = 2) -> str:
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])[:n]
    return ", ".join(f"{k} {v}" for k, v in ranked)


_TREND_HEADER = (
    f"{'week':8}  {'starts':10}  {'tracked':>7} {'count':>5} {'days':>4}  {'pain avg/max':>12}  "
    f"{'duration med/total':>18}  {'low fluids':>10} {'vigorous':>8} {'night':>5}  muscles"
)


def render_trends(trends) -> str:
    if not trends.weeks:
        return (
            f"No episodes on or before {t.day(trends.as_of, year=True)} yet — log one with: "
            "spasmlog add calf --pain 5 --duration 1m\n"
        )
    lines = [
        f"Weekly trends, {len(trends.weeks)} weeks to {t.day(trends.as_of, year=True)}, "
        "newest first"
        + (
            f"; diary kept since {t.day(trends.diary_start, year=True)}"
            if trends.diary_start
            else ""
        ),
        "",
        _TREND_HEADER,
    ]
    for w in reversed(trends.weeks):
        if w.before_diary:
            lines.append(f"{w.week:8}  {w.start.isoformat():10}  before the diary")
            continue
        if w.count:
            pain = f"{t.number(w.mean_pain)} / {w.max_pain}"
            duration = f"{t.duration(w.median_duration_s)} / {t.duration(w.total_duration_s)}"
        else:
            pain = duration = t.NONE_SHOWN
        lines.append(
            f"{w.week:8}  {w.start.isoformat():10}  {f'{w.tracked_days}/7':>7} {w.count:>5} "
            f"{w.days:>4}  {pain:>12}  "
            f"{duration:>18}  {t.share(w.low_hydration_share):>10} {t.share(w.vigorous_share):>8} "
            f"{t.share(w.night_share):>5}  {_top(w.by_muscle)}"
        )
    return "\n".join(lines) + "\n"


def _ids(ids) -> str:
    """'episodes #3, #5 and #9', or the first dozen and how many more (--json lists all)."""
    noun = "episode" if len(ids) == 1 else "episodes"
    more = " (see --json)" if len(ids) > t.SHOWN_IDS else ""
    return f"{noun} {t.episode_ids(ids)}{more}"


def _flag_lines(f, indent: str) -> list[str]:
    lines = textwrap.wrap(
        f"{t.severity_label(f.severity)}: {f.title}",
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent,
    )
    more = indent + "  "
    lines += textwrap.wrap(f.detail, WIDTH, initial_indent=more, subsequent_indent=more)
    if f.episode_ids:
        lines += textwrap.wrap(
            _ids(f.episode_ids), WIDTH, initial_indent=more, subsequent_indent=more
        )
    return lines + [""]


def render_flags(report) -> str:
    """New, then ongoing (each with its since day), then discussed at the last visit."""
    as_of, flags = report.as_of, report.flags
    new = [f for f in flags if f.status == "new"]
    ongoing = [f for f in flags if f.status == "ongoing"]
    discussed = [f for f in flags if f.status == "discussed"]
    head = f"Flags as of {t.day(as_of, year=True)}"
    if flags:
        head += f": {len(new)} new, {len(flags)} in all"
    lines = [head, ""]
    if not flags:
        lines += textwrap.wrap(
            "Nothing in your diary matches the public guidance on when to see a doctor.", WIDTH
        ) + [""]
    if new:
        lines += ["New", ""]
        for f in new:
            lines += _flag_lines(f, "  ")
    if ongoing:
        lines += ["Ongoing", ""]
        for f in ongoing:
            lines += [f"  Since {t.day(f.since, year=True)}:"]
            lines += _flag_lines(f, "  ")
    if discussed and report.last_visit is not None:
        lines += [f"Discussed at your visit on {t.day(report.last_visit, year=True)}", ""]
        for f in discussed:
            lines += _flag_lines(f, "  ")
    lines += textwrap.wrap(DISCLAIMER, WIDTH)
    return "\n".join(lines) + "\n"
