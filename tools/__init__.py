"""Maintainer commands, run from the checkout: `.venv/bin/python -m tools.NAME` (never installed)."""
