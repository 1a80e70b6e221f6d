"""The HTTP application: rendering, errors, the Cornice services and the API's own description."""


def includeme(config):
    config.include(".rendering")  # the JSON renderer and response factory every service uses
    config.include("cornice")
    config.include(".errors")
    config.include(".services")
    config.include(".apidocs")
