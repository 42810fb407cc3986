"""Command handlers, one module per group; cli.py imports each only when it runs."""
