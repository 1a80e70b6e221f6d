/* empty: local.h declares what newlib's reent.h would */
