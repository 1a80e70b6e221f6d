"""The clock every view reads: the registry holds it so that tests can inject their own."""
import time


def includeme(config):
    config.registry.clock = time.time_ns  # epoch nanoseconds
