"""``spasmlog completion bash|zsh|fish``: a completion script generated from the parser.

shtab writes the script from the argparse parser itself, so it never lags behind the
commands; muscle groups, sides, symptoms and levels complete from the domain's
vocabularies, and ``checkin --tag`` from the tags this diary has used (the script runs
``spasmlog completion --tags``; no other word list exists). shtab is imported here only:
``spasmlog add`` never loads it.
"""

from __future__ import annotations

from ..errors import InputError


def cmd_completion(args, ctx) -> int:
    if args.tags:
        return _print_tags(ctx)
    if args.shell is None:
        raise InputError("name a shell: bash, zsh or fish")
    import shtab

    from ..cli import completion_parser

    parser = completion_parser(tags=shtab.cmd("spasmlog completion --tags 2>/dev/null"))
    print(shtab.complete(parser, shell=args.shell), file=ctx.out)
    return 0


def _print_tags(ctx) -> int:
    """The diary's past tags, most used first; nothing at all without a diary (a shell
    asking for completions gets no error text)."""
    if not ctx.db.exists():
        return 0
    from ..storage import repo

    store = ctx.open_store(create=False, readonly=True)
    with store.read() as session:
        for tag in repo.used_tags(session=session):
            print(tag, file=ctx.out)
    return 0
