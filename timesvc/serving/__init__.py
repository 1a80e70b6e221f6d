"""Serving: the listeners the embedding process runs, and anything that touches the server runner."""
