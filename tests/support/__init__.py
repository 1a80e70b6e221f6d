"""Test support code that tests (and bench/, reliability/) import; nothing here imports them."""
