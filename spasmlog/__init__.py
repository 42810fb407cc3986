"""spasmlog — a personal, local-first diary for muscle spasms and cramps."""

__version__ = "0.1.0"
