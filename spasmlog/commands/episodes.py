"""Handlers for add, list, edit, delete, undo, backup and paths.

Only stdlib, the domain and the sqlite3 storage layer are imported here: this is the path
that shell aliases run many times a day.
"""

from __future__ import annotations

import json
from datetime import datetime

from .. import domain as d
from ..errors import InputError
from ..messages import NOTHING_TO_UNDO
from ..storage import repo
from ..storage.backup import backup_to
from ..text import describe, episode_details


def _episode_fields(args, ctx, *, for_edit: bool) -> dict:
    """Parse the shared episode options; only the ones given (for edit), all (for add)."""
    fields: dict = {}
    if getattr(args, "muscle", None) is not None:
        fields["muscle_group"] = d.parse_muscle(args.muscle)
    if args.pain is not None:
        fields["pain"] = d.parse_pain(args.pain)
    if args.duration is not None:
        fields["duration_s"] = d.parse_duration(args.duration)
    if args.at is not None:
        fields["started_at"] = d.parse_when(args.at, ctx.now)
    if args.side is not None:
        fields["side"] = d.parse_side(args.side)
    if args.hydration is not None:
        fields["hydration"] = d.parse_hydration(args.hydration)
    if args.exertion is not None:
        fields["exertion"] = d.parse_exertion(args.exertion)
    if args.symptom is not None:
        fields["symptoms"] = d.parse_symptoms(args.symptom)
    if for_edit and args.no_symptoms:
        if args.symptom:
            raise InputError("give either --symptom or --no-symptoms, not both")
        fields["symptoms"] = ()
    if args.self_care is not None:
        fields["self_care"] = d.parse_self_care(args.self_care)
    if args.note is not None:
        fields["notes"] = d.parse_notes(args.note)
    return fields


def _parse_id(text: str) -> int:
    s = str(text).strip().lstrip("#")
    if not s.isdigit() or int(s) < 1:
        raise InputError(f"invalid episode id {text!r} — use the number shown by 'spasmlog list'")
    return int(s)


def cmd_add(args, ctx) -> int:
    fields = _episode_fields(args, ctx, for_edit=False)
    fields.setdefault("started_at", ctx.now.replace(microsecond=0))
    episode = d.validate_episode(d.Episode(**fields))
    store = ctx.open_store()
    with store.write() as session:
        new_id = repo.add_episode(session=session, episode=episode)
    print(new_id, file=ctx.out)  # only after COMMIT: a printed id is a saved episode
    return 0


def cmd_edit(args, ctx) -> int:
    episode_id = _parse_id(args.id)
    fields = _episode_fields(args, ctx, for_edit=True)
    if not fields:
        raise InputError("nothing to change; give at least one option such as --pain or --note")
    store = ctx.open_store(create=False)
    with store.write() as session:
        updated = repo.update_episode(session=session, episode_id=episode_id, changes=fields)
    print(f"edited episode {episode_id}: {describe(updated)}", file=ctx.out)
    return 0


def cmd_delete(args, ctx) -> int:
    episode_id = _parse_id(args.id)
    store = ctx.open_store(create=False)
    with store.write() as session:
        gone = repo.delete_episode(session=session, episode_id=episode_id)
    print(
        f"deleted episode {episode_id}: {describe(gone)} — 'spasmlog undo' brings it back",
        file=ctx.out,
    )
    return 0


def cmd_undo(args, ctx) -> int:
    store = ctx.open_store(create=False)
    with store.write() as session:
        undone = repo.undo_last(session=session)
    print(undone.describe() if undone else NOTHING_TO_UNDO, file=ctx.out)
    return 0


def cmd_list(args, ctx) -> int:
    since = d.parse_date(args.since, "--since date") if args.since else None
    until = d.parse_date(args.until, "--until date") if args.until else None
    if since and until and since > until:
        raise InputError(f"--since {since} is after --until {until}")
    limit = None
    if args.limit is not None:
        if not str(args.limit).isdigit() or int(args.limit) < 1:
            raise InputError(f"invalid --limit {args.limit!r} — use a whole number of at least 1")
        limit = int(args.limit)
    if not ctx.db.exists():
        print(
            "[]"
            if args.json
            else "no episodes yet — log one with: spasmlog add calf --pain 5 --duration 1m",
            file=ctx.out,
        )
        return 0
    store = ctx.open_store(create=False)
    with store.read() as session:
        episodes = repo.iter_episodes(session=session, since=since, until=until, limit=limit)
        if args.json:
            _write_json_array(ctx.out, (ep.to_dict() for ep in episodes))
        else:
            _write_table(ctx.out, episodes)
    return 0


def _write_json_array(out, items) -> None:
    """Stream a JSON array item by item (a 100,000-episode diary never sits in memory)."""
    out.write("[")
    first = True
    for item in items:
        out.write("\n  " if first else ",\n  ")
        out.write(json.dumps(item, ensure_ascii=False))
        first = False
    out.write("\n]\n" if not first else "]\n")


def _write_table(out, episodes) -> None:
    header = f"{'id':>5}  {'when (local)':16}  {'muscle':11} {'side':5} {'pain':>4} {'duration':>8}  details"
    wrote_header = False
    for ep in episodes:
        if not wrote_header:
            print(header, file=out)
            wrote_header = True
        print(
            f"{ep.id:>5}  {ep.local_start:%Y-%m-%d %H:%M}  {ep.muscle_group:11} {ep.side:5} "
            f"{ep.pain:>4} {d.format_duration(ep.duration_s):>8}  {episode_details(ep)}",
            file=out,
        )
    if not wrote_header:
        print("no episodes in that range", file=out)


def cmd_backup(args, ctx) -> int:
    if not ctx.db.exists():
        raise InputError(f"there is no diary at {ctx.db} to back up")
    store = ctx.open_store(create=False)
    if args.path:
        dest = args.path
    else:
        from ..paths import backups_dir

        folder = backups_dir(ctx.db)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        dest = folder / f"{ctx.db.stem}-manual-{datetime.now():%Y%m%d-%H%M%S}.db"
    written = backup_to(store.conn, dest)
    print(f"backed up {ctx.db} to {written}", file=ctx.out)
    return 0


def cmd_paths(args, ctx) -> int:
    from ..paths import backups_dir, config_path

    print(f"database: {ctx.db}", file=ctx.out)
    print(f"backups:  {backups_dir(ctx.db)}", file=ctx.out)
    print(f"config:   {config_path()}", file=ctx.out)
    return 0
