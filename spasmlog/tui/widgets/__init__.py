"""Reusable widgets, one a file; each carries its own DEFAULT_CSS."""
