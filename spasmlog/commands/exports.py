"""Handlers for ``export`` and ``import``: collect the choices, call spasmlog.export.

Status lines ("wrote …", "imported …") go to stderr for export — so that stdout carries
only the exported data when a text format is piped — and to stdout for import.
"""

from __future__ import annotations

from pathlib import Path

from .. import domain as d
from ..errors import InputError


def cmd_export(args, ctx) -> int:
    from ..export import export, get_format, resolve_range

    mod = get_format(args.format)
    start = d.parse_date(args.from_, "--from date") if args.from_ else None
    end = d.parse_date(args.to, "--to date") if args.to else None
    if start and end and start > end:
        raise InputError(f"--from {start} is after --to {end}; nothing was written")
    resolve_range(mod, start, end, ctx.now.date())  # checks the defaults too, before any file
    bundle = args.fhir_bundle
    if bundle is not None:
        from ..export.fhir import BUNDLE_TYPES

        if mod.NAME != "fhir":
            raise InputError("--fhir-bundle applies only to --format fhir; nothing was written")
        bundle = bundle.strip().lower()
        if bundle not in BUNDLE_TYPES:
            raise InputError(
                f"invalid --fhir-bundle {args.fhir_bundle!r} — use collection or transaction"
            )
    out_path = Path(args.output).expanduser() if args.output else None
    if out_path is not None and str(args.output) == "-":
        if mod.BINARY:
            raise InputError(f"{mod.NAME} is a binary format and cannot go to stdout; give -o FILE")
        out_path = None
    if out_path is not None:
        from ..export import check_export_target

        out_path = check_export_target(out_path, ctx.db)  # refused before the diary is opened
    if not ctx.db.exists():
        raise InputError(f"there is no diary at {ctx.db} — log an episode first, or give --db PATH")
    store = ctx.open_store(create=False, readonly=True)
    written = export(
        store,
        mod.NAME,
        start=start,
        end=end,
        today=ctx.now.date(),
        out_path=out_path,
        stdout=ctx.out,
        fhir_bundle=bundle or "collection",
    )
    if written is not None:
        what = "doctor summary" if mod.SUMMARY else f"{mod.NAME} export"
        print(f"wrote the {what} to {written}", file=ctx.err)
    return 0


def cmd_import(args, ctx) -> int:
    from ..export import import_csv

    path = Path(args.file).expanduser()
    if not path.is_file():
        raise InputError(
            f"there is no file {path}" if not path.exists() else f"{path} is not a file"
        )
    from ..export.importer import check_csv

    # Every row is checked before the diary is opened: a bad file changes nothing and
    # leaves no new, empty diary behind.
    checked = check_csv(path, now=ctx.now)
    store = ctx.open_store(create=True)
    result = import_csv(store, path, now=ctx.now, checked=checked)
    print(result.describe(), file=ctx.out)
    return 0
