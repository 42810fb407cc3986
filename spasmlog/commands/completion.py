"""``spasmlog completion bash|zsh|fish``: a completion script generated from the parser.

shtab writes the script from the argparse parser itself, so it never lags behind the
commands; muscle groups, sides, symptoms and levels complete from the domain's
vocabularies. shtab is imported here only: ``spasmlog add`` never loads it.
"""

from __future__ import annotations


def cmd_completion(args, ctx) -> int:
    import shtab

    from ..cli import completion_parser

    parser = completion_parser()
    if args.shell == "fish":
        print(_fish(parser), file=ctx.out)
    else:
        print(shtab.complete(parser, shell=args.shell), file=ctx.out)
    return 0


def _fish(parser) -> str:
    """fish completions from the same parser (shtab writes bash, zsh and tcsh only)."""
    import argparse

    lines = ["complete -c spasmlog -f"]
    top = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]  # noqa: SLF001
    commands = top[0].choices if top else {}
    helps = {c.dest: c.help for c in top[0]._choices_actions} if top else {}  # noqa: SLF001
    names = " ".join(commands)
    for name in commands:
        lines.append(
            f"complete -c spasmlog -n 'not __fish_seen_subcommand_from {names}' -a {name} "
            f"-d {_quote(helps.get(name) or name)}"
        )
    for name, sub in commands.items():
        for action in sub._actions:  # noqa: SLF001
            when = f"-n '__fish_seen_subcommand_from {name}'"
            values = f" -r -a {_quote(' '.join(action.choices))}" if action.choices else ""
            if action.option_strings:
                for opt in action.option_strings:
                    flag = f"-l {opt[2:]}" if opt.startswith("--") else f"-s {opt[1:]}"
                    lines.append(f"complete -c spasmlog {when} {flag}{values}")
            elif action.choices:
                lines.append(f"complete -c spasmlog {when} -a {_quote(' '.join(action.choices))}")
    return "\n".join(lines)


def _quote(text: str) -> str:
    return "'" + str(text).replace("\\", "\\\\").replace("'", "\\'") + "'"
