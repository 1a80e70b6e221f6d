"""ezTime's `timezoned` service: a zone's POSIX TZ string by name, country or the asker's address, over UDP 2342."""
