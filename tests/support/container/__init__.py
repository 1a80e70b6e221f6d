"""What `make container` needs: podman with this project's containers.conf, the base image, the build, the size breakdown."""
