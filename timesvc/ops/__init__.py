"""Operations: settings, logging, metrics and health — what ops teams configure and watch."""


def includeme(config):
    config.include(".metrics")
    config.include(".health")
    config.include(".requestlog")
