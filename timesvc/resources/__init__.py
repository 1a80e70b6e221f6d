"""What each app holds, built from its settings: the clock and the zone catalogue.

The views read these from the registry (`request.registry.clock`, `.catalogue`, `.default_zone`), so
that tests can inject their own and two apps in one process never share them.
"""


def includeme(config):
    config.include(".clock")
    config.include(".zones")
