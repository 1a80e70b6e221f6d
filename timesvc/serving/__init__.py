"""Serving: the paste server runner (waitress) and the defences that need waitress's internals."""
