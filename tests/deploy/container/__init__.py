"""`make container`: deploy/Dockerfile built with podman and the image smoke-tested on loopback."""

# The "host's" zone the tests pass in with TZ: not this machine's own, so that it shows.
ZONE = "Asia/Tokyo"
