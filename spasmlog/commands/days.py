"""Handlers for the records of days: checkin, visit, mark, markers, profile, redo, patterns.

Like ``episodes.py`` these import only the domain, the sqlite3 storage layer and the
shared words, so ``spasmlog checkin --none`` starts as fast as ``spasmlog add``.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from .. import domain as d
from ..errors import InputError
from ..frozen import replace
from ..messages import NOTHING_TO_REDO
from ..storage import repo
from ..text import PROFILE_LABELS, checkin_summary, marker_line, visible


def _day_arg(text: str | None, what: str, default: date) -> date:
    day = d.parse_date(text, what) if text is not None else default
    if day.year < 1900:
        raise InputError(f"invalid {what} {text!r} — use a date from 1900 on")
    return day


def cmd_checkin(args, ctx) -> int:
    current = d.diary_day(ctx.now.replace(tzinfo=None))
    day = _day_arg(args.day, "day", current - timedelta(days=1))
    if day > current:
        raise InputError(
            f"the diary day {day.isoformat()} has not begun yet — a check-in is for today's "
            f"diary day ({current.isoformat()}) or an earlier one"
        )
    if args.none and args.complete is False:
        raise InputError("give either --none or --incomplete, not both")
    given: dict = {}
    if args.none or args.complete is not None:
        given["complete"] = True if args.none else args.complete
    if args.hydration is not None:
        given["hydration"] = d.parse_hydration(args.hydration)
    if args.exertion is not None:
        given["exertion"] = d.parse_exertion(args.exertion)
    if args.sleep_disturbed is not None:
        given["sleep_disturbed"] = d.parse_yes_no(args.sleep_disturbed, "--sleep-disturbed")
    if args.tag is not None:
        given["tags"] = d.parse_tags(args.tag)
    store = ctx.open_store()
    with store.write() as session:
        cramps = repo.count_diary_day_episodes(session=session, day=day)
        if args.none and cramps:
            raise InputError(
                f"{cramps} {'episode is' if cramps == 1 else 'episodes are'} logged for the "
                f"diary day {day.isoformat()}; to confirm that every cramp is logged, use "
                "--complete instead of --none"
            )
        if args.none and given.get("sleep_disturbed"):
            raise InputError("--none means no cramps, so they cannot have disturbed sleep")
        existing = repo.get_checkin(session=session, day=day)
        base = existing or d.Checkin(day=day, complete=True)
        stored = repo.add_checkin(session=session, checkin=replace(base, **given))
    verb = "updated" if existing else "checked in"
    print(f"{verb} {_day_words(day, current)}: {checkin_summary(stored, cramps)}", file=ctx.out)
    return 0


def _day_words(day: date, current: date) -> str:
    if day == current - timedelta(days=1):
        return f"{day.isoformat()} (yesterday and last night)"
    if day == current:
        return f"{day.isoformat()} (today and tonight)"
    return day.isoformat()


def cmd_visit(args, ctx) -> int:
    day = _day_arg(args.date, "date", ctx.now.date())
    _not_future(day, ctx)
    marker = d.Marker(kind="visit", day=day, text=d.parse_visit_note(args.note))
    store = ctx.open_store()
    with store.write() as session:
        marker_id = repo.add_marker(session=session, marker=marker)
    print(f"recorded the doctor visit of {day.isoformat()} (marker {marker_id})", file=ctx.out)
    return 0


def cmd_mark(args, ctx) -> int:
    day = _day_arg(args.date, "date", ctx.now.date())
    marker = d.Marker(kind="change", day=day, text=d.parse_change_text(args.text))
    store = ctx.open_store()
    with store.write() as session:
        marker_id = repo.add_marker(session=session, marker=marker)
    print(f"recorded the change of {day.isoformat()} (marker {marker_id})", file=ctx.out)
    return 0


def _not_future(day: date, ctx) -> None:
    if day > ctx.now.date():
        raise InputError(f"the date {day.isoformat()} is in the future — a visit that happened")


def cmd_markers(args, ctx) -> int:
    if not ctx.db.exists():
        markers: list[d.Marker] = []
    else:
        store = ctx.open_store(create=False, readonly=True)
        with store.read() as session:
            markers = repo.list_markers(session=session)
    if args.json:
        print(
            json.dumps([m.to_dict() for m in markers], ensure_ascii=False, indent=2), file=ctx.out
        )
    elif not markers:
        print(
            "no markers yet — record a visit with 'spasmlog visit' or a change with "
            "'spasmlog mark DATE TEXT'",
            file=ctx.out,
        )
    else:
        for m in markers:
            print(marker_line(m), file=ctx.out)
    return 0


def cmd_profile(args, ctx) -> int:
    from ..config import load_config

    given: dict = {}
    for key in ("name", "conditions", "medicines", "questions"):
        value = getattr(args, key)
        if value is not None:
            given[key] = d.parse_profile_text(value, PROFILE_LABELS[key])
    if args.birth_year is not None:
        given["birth_year"] = (
            d.parse_birth_year(args.birth_year, ctx.now.year) if args.birth_year.strip() else None
        )
    if given:
        store = ctx.open_store()
        with store.write() as session:
            current = repo.get_profile(session=session)
            profile = repo.set_profile(session=session, profile=replace(current, **given))
        print("profile saved", file=ctx.out)
    elif ctx.db.exists():
        store = ctx.open_store(create=False, readonly=True)
        with store.read() as session:
            profile = repo.get_profile(session=session)
    else:
        profile = d.Profile()
    config_name = load_config().name
    shown = profile.to_dict()
    if shown["name"] is None and config_name:
        shown["name"] = config_name  # the config's name is the fallback
    if args.json:
        print(json.dumps(shown, ensure_ascii=False, indent=2), file=ctx.out)
        return 0
    if given:
        return 0
    if all(v is None for v in shown.values()):
        print("no profile yet — set one with e.g. 'spasmlog profile --name Alex'", file=ctx.out)
        return 0
    for key, label in PROFILE_LABELS.items():
        value = shown[key]
        if value is not None:
            note = " (from config.toml)" if key == "name" and profile.name is None else ""
            print(
                f"{label + ':':26} {visible(str(value), keep_newlines=False)}{note}", file=ctx.out
            )
    return 0


def cmd_redo(args, ctx) -> int:
    store = ctx.open_store(create=False)
    with store.write() as session:
        redone = repo.redo_last(session=session)
    print(redone.describe() if redone else NOTHING_TO_REDO, file=ctx.out)
    return 0


def cmd_patterns(args, ctx) -> int:
    from ..analysis.patterns import find_patterns
    from ..text import patterns_lines

    as_of = d.parse_date(args.as_of, "--as-of date") if args.as_of else ctx.now.date()
    if not ctx.db.exists():
        from ..analysis.patterns import Patterns

        result = Patterns(as_of=as_of, days_checked=0, factors=[])
    else:
        store = ctx.open_store(create=False, readonly=True)
        with store.read() as session:
            result = find_patterns(session, as_of=as_of)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2), file=ctx.out)
    else:
        for line in patterns_lines(result):
            print(line, file=ctx.out)
    return 0
