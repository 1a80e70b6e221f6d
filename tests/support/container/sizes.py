"""The image's size over its base, broken down by installed package.

    .venv/bin/python -m tests.support.container.sizes [IMAGE [BASE]]

prints the table docs/containers.md shows (MB = 10^6 bytes, as podman counts).
"""
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from . import base_image, build
from .podman import Podman

SCRIPT = Path(__file__).with_name("installed_sizes.py")
MB = 1e6


@dataclass
class Sizes:
    image: int
    base: int
    distributions: list[tuple[str, str, int]]  # name, version, bytes; largest first
    rest: int  # the venv's and /app's files that no distribution's RECORD names

    @property
    def added(self) -> int:
        return self.image - self.base


def measure(podman: Podman, image: str, base: str) -> Sizes:
    output = podman("run", "--rm", "--interactive", "--entrypoint=python", image, "-", input=SCRIPT.read_text()).stdout
    found = json.loads(output)
    rows = sorted(((row["name"], row["version"], row["bytes"]) for row in found["distributions"]), key=lambda row: -row[2])
    return Sizes(podman.image_size(image), podman.image_size(base), rows, found["rest"])


def table(sizes: Sizes) -> str:
    """A Markdown table: each distribution, the rest, and the layers over the base image in all."""
    lines = [
        f"image {sizes.image / MB:.1f} MB = base {sizes.base / MB:.1f} MB + {sizes.added / MB:.1f} MB:",
        "",
        "| package | version | MB |",
        "|---|---|---:|",
    ]
    lines += [f"| {name} | {version} | {size / MB:.1f} |" for name, version, size in sizes.distributions]
    files = sum(size for _, _, size in sizes.distributions) + sizes.rest
    lines += [
        f"| other files of the venv and /app | | {sizes.rest / MB:.1f} |",
        f"| layers over the base (podman), files above included | | {sizes.added / MB:.1f} |",
        f"| of which the layers' tar headers and padding, /etc's new user | | {(sizes.added - files) / MB:.1f} |",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    image = argv[0] if argv else build.IMAGE
    base = argv[1] if len(argv) > 1 else base_image.IMAGE
    print(table(measure(Podman(), image, base)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
