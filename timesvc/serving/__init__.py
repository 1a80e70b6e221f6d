"""Serving: the paste server runner (waitress), its options, the hooks features start listeners through, and the defences that need waitress's internals."""
