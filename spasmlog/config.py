"""Typed settings from ``config.toml``: the analyzer's thresholds and a name for reports.

The file lives where :func:`spasmlog.paths.config_path` says (``$SPASMLOG_CONFIG`` first,
else ``config.toml`` in the platform's user config folder). It is optional; every setting
has a default. Example::

    name = "Alex Example"          # shown in report headers

    [thresholds]
    frequent_min_episodes = 5      # the 'frequent' rule: this many in the last 14 days

A bad file stops the command with one line naming the key (InputError, exit 2): an unknown
key (likely a typo), a value of the wrong type, or one out of range.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import InputError


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The flag rules' thresholds (docs/flags.md). Field name = key under ``[thresholds]``."""

    prolonged_s: int = 600  # prolonged: lasted > this
    severe_pain: int = 7  # pain ≥ this is severe (severe-pain, severe-pain-once)
    severe_pain_min_episodes: int = 2  # severe-pain: ≥ this many severe in 14 days
    frequent_min_episodes: int = 4  # frequent: ≥ this many in 14 days …
    frequent_min_days: int = 2  # … on ≥ this many different days
    persistent_min_episodes: int = 6  # persistent: ≥ this many in the last 4 blocks
    sleep_disturbed_min_nights: int = 3  # sleep-disturbed: ≥ this many nights (or check-ins)
    escalating_min_baseline_days: int = 21  # escalating-frequency: baseline days needed
    escalating_frequency_ratio: float = 1.5  # … recent ≥ this × the scaled baseline …
    escalating_frequency_z: float = 2.1  # … and the quasi-Poisson z ≥ this
    escalating_min_recent: int = 2  # escalating-pain/-duration: recent episodes needed
    escalating_min_earlier: int = 3  # … earlier episodes needed
    escalating_z: float = 1.96  # … Mann–Whitney z ≥ this
    escalating_pain_min_median: float = 5.0  # escalating-pain: recent median ≥ this …
    escalating_pain_min_rise: float = 2.0  # … and pairwise median rise ≥ this many points
    escalating_duration_min_median_s: float = 120.0  # escalating-duration: recent median ≥ this …
    escalating_duration_ratio: float = 2.0  # … and pairwise median ratio ≥ this
    unexplained_min_share: float = 0.75  # unexplained: share with no obvious cause
    self_care_fails_min_episodes: int = 2  # self-care-fails: ≥ this many did-not-help …
    self_care_fails_min_share: float = 0.25  # … and ≥ this share of the 28 days' episodes
    new_site_min_diary_days: int = 28  # new-site: the diary started ≥ this many days before
    pattern_min_episodes: int = 3  # dehydration-/exertion-link, nocturnal: ≥ this many
    dehydration_min_share: float = 0.5  # dehydration-link: share with hydration low
    exertion_min_share: float = 0.5  # exertion-link: share with exertion vigorous
    nocturnal_min_share: float = 0.5  # nocturnal: share between 22:00 and 06:00


# key -> (lowest allowed, highest allowed, what it is in words)
_RANGES: dict[str, tuple[float, float, str]] = {
    "prolonged_s": (1, 86_400, "a number of seconds from 1 to 86400"),
    "severe_pain": (1, 10, "a pain score from 1 to 10"),
    "sleep_disturbed_min_nights": (1, 14, "a number of nights from 1 to 14"),
    "escalating_min_baseline_days": (1, 84, "a number of days from 1 to 84"),
    "escalating_frequency_ratio": (1.0, 1000.0, "a ratio of at least 1"),
    "escalating_frequency_z": (0.0, 10.0, "a z score from 0 to 10, e.g. 2.1"),
    "escalating_min_recent": (1, 100_000, "a whole number of at least 1"),
    "escalating_min_earlier": (1, 100_000, "a whole number of at least 1"),
    "escalating_z": (0.0, 10.0, "a z score from 0 to 10, e.g. 1.96"),
    "escalating_pain_min_median": (0, 10, "a pain score from 0 to 10"),
    "escalating_pain_min_rise": (0, 10, "a number of points from 0 to 10"),
    "escalating_duration_min_median_s": (0, 86_400, "a number of seconds from 0 to 86400"),
    "escalating_duration_ratio": (1.0, 1000.0, "a ratio of at least 1"),
    "unexplained_min_share": (0.0, 1.0, "a share between 0 and 1, e.g. 0.75"),
    "self_care_fails_min_share": (0.0, 1.0, "a share between 0 and 1, e.g. 0.25"),
    "new_site_min_diary_days": (0, 3650, "a number of days from 0 to 3650"),
    "dehydration_min_share": (0.0, 1.0, "a share between 0 and 1, e.g. 0.5"),
    "exertion_min_share": (0.0, 1.0, "a share between 0 and 1, e.g. 0.5"),
    "nocturnal_min_share": (0.0, 1.0, "a share between 0 and 1, e.g. 0.5"),
}
_COUNT_RANGE = (1, 100_000, "a whole number of at least 1")


@dataclass(frozen=True, slots=True)
class Config:
    """Everything read from config.toml."""

    name: str | None = None
    thresholds: Thresholds = field(default_factory=Thresholds)


def load_config(path: Path | None = None) -> Config:
    """Read ``path`` (default: :func:`spasmlog.paths.config_path`); a missing file = defaults."""
    if path is None:
        from .paths import config_path

        path = config_path()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(
            f"cannot read the config file {path}: {getattr(e, 'strerror', None) or e}"
        ) from None
    return parse_config(text, source=str(path))


def parse_config(text: str, *, source: str = "config.toml") -> Config:
    """Config from TOML text; InputError (one line, naming the key) if anything is wrong."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{source} is not valid TOML ({e})") from None
    _reject_unknown(data, ("name", "thresholds"), source, prefix="")
    name = data.get("name")
    if name is not None and (not isinstance(name, str) or len(name) > 200):
        raise InputError(
            f"{source}: 'name' must be text (up to 200 characters), e.g. name = \"Alex\""
        )
    table = data.get("thresholds", {})
    if not isinstance(table, dict):
        raise InputError(
            f"{source}: 'thresholds' must be a table: write [thresholds] on its own line"
        )
    return Config(
        name=(name.strip() or None) if name else None, thresholds=_thresholds(table, source)
    )


def _reject_unknown(data: dict, allowed, source: str, *, prefix: str) -> None:
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(key, list(allowed), n=1)
            hint = (
                f" — did you mean '{prefix}{close[0]}'?"
                if close
                else f" — known keys: {', '.join(allowed)}"
            )
            raise InputError(f"{source}: unknown setting '{prefix}{key}'{hint}")


def _thresholds(table: dict, source: str) -> Thresholds:
    declared = {f.name: f for f in fields(Thresholds)}
    _reject_unknown(table, tuple(declared), source, prefix="thresholds.")
    values: dict[str, int | float] = {}
    for key, value in table.items():
        lo, hi, words = _RANGES.get(key, _COUNT_RANGE)
        whole = declared[key].type in ("int", int)
        ok_type = isinstance(value, int) if whole else isinstance(value, (int, float))
        if isinstance(value, bool) or not ok_type or not lo <= value <= hi:
            kind = "" if not whole or "whole" in words else " (a whole number)"
            raise InputError(
                f"{source}: invalid value {value!r} for 'thresholds.{key}' — use {words}{kind}"
            )
        values[key] = value if whole else float(value)
    return Thresholds(**values)  # type: ignore[arg-type]  # each checked against its field
