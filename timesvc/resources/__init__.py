"""What each app holds, built from its settings: the clock, the zone catalogue, the location data, Roughtime.

The views read these from the registry (`request.registry.clock`, `.catalogue`, `.geoip`...), so
that tests can inject their own and two apps in one process never share them.
"""


def includeme(config):
    config.include(".clock")
    config.include(".zones")
    config.include(".location")
    config.include(".roughtime")  # after the clock: the Roughtime server reads it
