"""Serving: the paste server runner (waitress), the Roughtime listener, and the defences that need waitress's internals."""
