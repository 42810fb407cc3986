"""Analysis (SPEC §4): weekly trends and the rule-based flags. Pure functions over the store.

No Textual, no Rich, no scipy: this package is imported by the CLI, the TUI and the exports.
"""

from ..config import Thresholds
from .flags import RULE_IDS, RULES, SEVERITIES, Flag, evaluate_flags, flags_report
from .stats import mann_kendall, median
from .trends import DEFAULT_WEEKS, Trends, Week, weekly_trends

__all__ = [
    "DEFAULT_WEEKS",
    "Flag",
    "RULES",
    "RULE_IDS",
    "SEVERITIES",
    "Thresholds",
    "Trends",
    "Week",
    "evaluate_flags",
    "flags_report",
    "mann_kendall",
    "median",
    "weekly_trends",
]
