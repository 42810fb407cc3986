"""spasmlog — a personal, local-first diary for muscle spasms and cramps."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # The version has one source, pyproject.toml, read from the installed metadata; lazily,
    # because importing importlib.metadata costs more than a whole `spasmlog add`.
    if name == "__version__":
        from importlib.metadata import version

        return version("spasmlog")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
