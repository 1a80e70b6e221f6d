"""`make reliability`: failure, load and hostile-input scenarios against real servers on loopback."""
