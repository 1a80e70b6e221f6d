/* empty: local.h declares what newlib's _ansi.h would */
