"""Analysis: weekly trends and the rule-based flags. Pure functions over the store.

No Textual, no Rich, no scipy: this package is imported by the CLI, the TUI and the exports.
"""

from ..config import Thresholds
from .flags import (
    RULE_IDS,
    RULES,
    SEVERITIES,
    STATUSES,
    Flag,
    FlagReport,
    evaluate,
    evaluate_flags,
    flag_report,
)
from .stats import mann_whitney, median
from .trends import DEFAULT_WEEKS, Trends, Week, weekly_trends

__all__ = [
    "DEFAULT_WEEKS",
    "Flag",
    "FlagReport",
    "RULES",
    "RULE_IDS",
    "SEVERITIES",
    "STATUSES",
    "Thresholds",
    "Trends",
    "Week",
    "evaluate",
    "evaluate_flags",
    "flag_report",
    "mann_whitney",
    "median",
    "weekly_trends",
]
