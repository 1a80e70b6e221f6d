"""setup.cfg's package_data names every file the package reads besides its code, so that the wheel,
and with it the image, carries them (`make container` checks the image itself)."""
import configparser
import glob

from tests.conftest import ROOT

PACKAGE = ROOT / "timesvc"


def test_every_non_python_file_of_the_package_is_package_data():
    setup = configparser.ConfigParser()
    setup.read(ROOT / "setup.cfg")
    patterns = setup["options.package_data"]["timesvc"].split()
    # globbed from the package's folder, as setuptools does
    data = {PACKAGE / path for pattern in patterns for path in glob.glob(pattern, root_dir=PACKAGE)}
    files = {path for path in PACKAGE.rglob("*") if path.is_file() and path.suffix not in {".py", ".pyc"}}
    assert files and files - data == set()
