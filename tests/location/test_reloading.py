import os
import queue
import shutil
import subprocess
import sys
import threading
import time

import pytest

from tests.support.geoip_data import build_database
from timesvc.location.ipdata import GeoIPDatabase, parse_address
from timesvc.location.reloading import FAILED, RELOADED, ReloadingDatabase, Watcher

ADDRESS = parse_address("20.1.2.3")
T0 = 1_790_000_000.0  # 2026-09-21T14:13:20Z


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """Two databases that answer ADDRESS differently; the second is bigger, as a monthly update is."""
    folder = tmp_path_factory.mktemp("versions")
    paris = build_database(folder / "paris.mmdb", {"20.0.0.0/8": {"location": {"time_zone": "Europe/Paris"}}})
    tokyo = build_database(folder / "tokyo.mmdb", {"20.0.0.0/8": {"location": {"time_zone": "Asia/Tokyo"}}, "30.0.0.0/8": {"location": {"time_zone": "Asia/Seoul"}}})
    return {"paris": paris, "tokyo": tokyo}


class Clock:
    now = T0

    def __call__(self):
        return self.now


def open_copy(path):
    return GeoIPDatabase(path, private_copy=True)


@pytest.fixture
def live(tmp_path, versions):
    """A holder of tmp_path/city.mmdb, first the Paris version; its events collect in live.events."""
    path = tmp_path / "city.mmdb"
    shutil.copyfile(versions["paris"], path)
    events = []
    holder = ReloadingDatabase(str(path), open_copy, report=events.append, clock=Clock())
    holder.events = events
    return holder


def replace_by_rename(source: str, path: str):
    """What geoipupdate does: write a new file beside the old one, then rename it over."""
    temporary = path + ".tmp"
    shutil.copyfile(source, temporary)
    os.replace(temporary, path)


def write_in_place(data: bytes, path: str):
    """What cp and curl -o do: truncate the file, then write into the same inode."""
    with open(path, "r+b") as file:
        file.truncate(0)
        file.write(data)


def read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def test_an_unchanged_file_is_not_reopened(live):
    first = live.current
    assert live.check() is None
    assert live.current is first and live.events == []


def test_a_file_replaced_by_rename_changes_the_answers(live, versions):
    assert live.zone_name(ADDRESS) == "Europe/Paris"
    replace_by_rename(versions["tokyo"], live.path)
    event = live.check()
    assert event.kind == RELOADED and event.path == live.path
    assert event.message.startswith(f"{live.path} reloaded: GeoLite2-City built ")
    assert live.zone_name(ADDRESS) == "Asia/Tokyo"
    assert live.events == [event] and live.failure is None
    assert live.check() is None


def test_a_file_rewritten_in_place_changes_the_answers(live, versions):
    write_in_place(read(versions["tokyo"]), live.path)
    assert live.check().kind == RELOADED
    assert live.zone_name(ADDRESS) == "Asia/Tokyo"


def test_a_forced_check_reopens_an_unchanged_file(live):
    first = live.current
    assert live.check(force=True).kind == RELOADED
    assert live.current is not first


@pytest.mark.parametrize(
    "bad, reason",
    [
        (b"", "InvalidDatabaseError: "),
        (b"not a database at all" * 100, "InvalidDatabaseError: "),
        ("truncated", "InvalidDatabaseError: "),
    ],
)
def test_a_corrupt_replacement_keeps_the_old_database_and_is_reported_once(live, versions, bad, reason):
    if bad == "truncated":
        bad = read(versions["tokyo"])[:-200]  # the metadata sits at the end
    live._clock.now = T0 + 3600
    with open(live.path + ".new", "wb") as file:
        file.write(bad)
    os.replace(live.path + ".new", live.path)
    event = live.check()
    assert event.kind == FAILED
    assert event.message.startswith(f"{live.path} not reloaded ({reason}")
    assert event.message.endswith("); still serving the copy loaded at 2026-09-21T14:13:20Z")
    assert live.zone_name(ADDRESS) == "Europe/Paris"
    assert live.failure.reason.startswith(reason) and live.failure.since == T0 + 3600
    assert live.details() == {"path": live.path, "loaded_at": "2026-09-21T14:13:20Z", "failure": {"reason": live.failure.reason, "since": "2026-09-21T15:13:20Z"}}
    assert live.check() is None and live.check() is None
    assert live.events == [event]


def test_a_good_file_after_a_bad_one_recovers(live, versions):
    write_in_place(b"garbage", live.path)
    assert live.check().kind == FAILED
    live._clock.now = T0 + 60
    replace_by_rename(versions["tokyo"], live.path)
    assert live.check().kind == RELOADED
    assert live.zone_name(ADDRESS) == "Asia/Tokyo"
    assert live.failure is None
    assert live.details() == {"path": live.path, "loaded_at": "2026-09-21T14:14:20Z"}


def test_each_distinct_bad_replacement_is_reported(live):
    for garbage in (b"first", b"second, longer"):
        write_in_place(garbage, live.path)
        assert live.check().kind == FAILED
    assert [event.kind for event in live.events] == [FAILED, FAILED]


def test_a_file_that_disappears_keeps_the_old_database_until_it_returns(live, versions):
    os.unlink(live.path)
    event = live.check()
    assert event.kind == FAILED and "(the file is gone)" in event.message
    assert live.check() is None
    assert live.zone_name(ADDRESS) == "Europe/Paris"
    replace_by_rename(versions["tokyo"], live.path)
    assert live.check().kind == RELOADED and live.zone_name(ADDRESS) == "Asia/Tokyo"


def test_a_directory_in_place_of_the_file_keeps_the_old_database(live):
    os.unlink(live.path)
    os.mkdir(live.path)
    assert live.check().kind == FAILED
    assert live.failure.reason.startswith("IsADirectoryError")
    assert live.zone_name(ADDRESS) == "Europe/Paris"


def test_the_first_load_raises_for_the_startup_failure(tmp_path):
    (tmp_path / "bad.mmdb").write_bytes(b"nope")
    with pytest.raises(Exception, match="MaxMind DB"):
        ReloadingDatabase(str(tmp_path / "bad.mmdb"), open_copy)
    with pytest.raises(FileNotFoundError):
        ReloadingDatabase(str(tmp_path / "missing.mmdb"), open_copy)


_TRUNCATE_UNDER_A_READER = """
import sys
from timesvc.location.ipdata import GeoIPDatabase, parse_address
database = GeoIPDatabase(sys.argv[1], private_copy=sys.argv[2] == "copy")
open(sys.argv[1], "r+b").truncate(0)
print(database.zone_name(parse_address("20.1.2.3")))
"""


@pytest.mark.parametrize("mode, returncode, output", [("copy", 0, "Europe/Paris\n"), ("mapped", -7, "")])
def test_a_private_copy_survives_its_file_being_truncated_in_place(tmp_path, versions, mode, returncode, output):
    # In a child: with the file itself mapped, the lookup after truncation dies of SIGBUS (-7).
    path = tmp_path / "city.mmdb"
    shutil.copyfile(versions["paris"], path)
    child = subprocess.run([sys.executable, "-c", _TRUNCATE_UNDER_A_READER, str(path), mode], capture_output=True, text=True, timeout=60)
    assert (child.returncode, child.stdout) == (returncode, output)


def test_many_readers_during_reloads_see_the_old_or_the_new_answer(live, versions):
    answers, errors, done = set(), [], threading.Event()
    reads = [0] * 4  # each reader's count of lookups

    def reader(number):
        stop = time.monotonic() + 120  # bounded even if the writer stalled
        while not done.is_set() and time.monotonic() < stop:
            try:
                answers.add(live.zone_name(ADDRESS))
            except Exception as exc:  # the test is that none happens
                errors.append(exc)
            reads[number] += 1
            time.sleep(0)  # let the writer in: four readers spinning would hold the GIL between them

    def every_reader_reads_again():
        """Wait (bounded) until each reader has looked up at least once more: each version is read."""
        before, deadline = list(reads), time.monotonic() + 30
        while any(now <= then for now, then in zip(reads, before)) and time.monotonic() < deadline:
            time.sleep(0.001)

    readers = [threading.Thread(target=reader, args=(number,)) for number in range(4)]
    for thread in readers:
        thread.start()
    try:
        for round_ in range(30):
            replace_by_rename(versions["tokyo" if round_ % 2 == 0 else "paris"], live.path)
            every_reader_reads_again()  # the loaded version, read while the file on disk changes under it
            write_in_place(read(versions["paris" if round_ % 2 == 0 else "tokyo"]), live.path)
            assert live.check().kind == RELOADED
            every_reader_reads_again()
    finally:
        done.set()
        for thread in readers:
            thread.join(timeout=60)
    assert errors == []
    assert answers == {"Europe/Paris", "Asia/Tokyo"}
    assert [event.kind for event in live.events] == [RELOADED] * 30


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts descriptors and mappings in /proc")
def test_a_hundred_reloads_leave_no_descriptor_mapping_or_copy_behind(live, versions, tmp_path):
    def held():
        with open("/proc/self/maps") as mappings:
            maps = [line for line in mappings if "timesvc-geoip-" in line]
        return len(os.listdir("/proc/self/fd")), len({line.split()[4] for line in maps})  # by inode

    before = held()
    for round_ in range(100):
        replace_by_rename(versions["tokyo" if round_ % 2 == 0 else "paris"], live.path)
        assert live.check().kind == RELOADED
        live.zone_name(ADDRESS)
    assert held() == before


class Wakeup:
    """An Event whose timed waits the test ends: wait() records its timeout and returns when set."""

    def __init__(self):
        self._event = threading.Event()
        self.timeouts = queue.Queue()

    def wait(self, timeout):
        self.timeouts.put(timeout)
        return self._event.wait(60)  # a bound, not a delay: tests set it long before

    def set(self):
        self._event.set()

    def clear(self):
        self._event.clear()


@pytest.fixture
def watched():
    """A watcher over a recorded check; yields (watcher, wakeup, calls) and stops the thread."""
    calls, wakeup = queue.Queue(), Wakeup()
    watcher = Watcher(calls.put, interval=5, wakeup=wakeup)
    watcher.start()
    yield watcher, wakeup, calls
    watcher.stop()
    assert not watcher.running


def test_the_watcher_checks_after_each_interval(watched):
    watcher, wakeup, calls = watched
    assert wakeup.timeouts.get(timeout=10) == 5
    assert calls.empty()
    for _ in range(3):
        wakeup.set()  # the interval elapsed
        assert calls.get(timeout=10) is False
        assert wakeup.timeouts.get(timeout=10) == 5


def test_waking_the_watcher_forces_a_reload_once(watched):
    watcher, wakeup, calls = watched
    wakeup.timeouts.get(timeout=10)
    watcher.wake()
    assert calls.get(timeout=10) is True
    wakeup.timeouts.get(timeout=10)
    wakeup.set()
    assert calls.get(timeout=10) is False


def test_a_check_that_raises_does_not_stop_the_watcher():
    calls, wakeup = queue.Queue(), Wakeup()

    def check(force):
        calls.put(force)
        raise RuntimeError("broken")

    watcher = Watcher(check, interval=1, wakeup=wakeup)
    watcher.start()
    try:
        for _ in range(2):
            wakeup.timeouts.get(timeout=10)
            wakeup.set()
            assert calls.get(timeout=10) is False
        assert watcher.running
    finally:
        watcher.stop()


def test_the_watcher_replaces_a_file_on_its_own(live, versions):
    wakeup = Wakeup()
    watcher = Watcher(live.check, interval=10, wakeup=wakeup)
    watcher.start()
    try:
        wakeup.timeouts.get(timeout=10)
        replace_by_rename(versions["tokyo"], live.path)
        wakeup.set()
        wakeup.timeouts.get(timeout=10)  # the next wait begins once the check is done
        assert live.zone_name(ADDRESS) == "Asia/Tokyo"
        assert [event.kind for event in live.events] == [RELOADED]
    finally:
        watcher.stop()


@pytest.mark.parametrize("interval", [0, -1, 10.5, 60])
def test_the_interval_is_at_most_ten_seconds(interval):
    with pytest.raises(ValueError, match="at most 10 seconds"):
        Watcher(lambda force: None, interval=interval)


def test_start_twice_runs_one_thread_and_stop_ends_it(watched):
    watcher, wakeup, calls = watched
    thread = watcher._thread
    watcher.start()
    assert watcher._thread is thread
    watcher.stop()
    assert not watcher.running


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_after_a_fork_the_child_checks_and_watches_afresh(live, versions):
    watcher = Watcher(live.check, interval=10)
    watcher.start()
    live._lock.acquire()  # a check under way in the parent when it forks
    try:
        pid = os.fork()
        if pid == 0:  # the child: report through the exit status only
            ok = not watcher.running and live.check(force=True) is not None and live.zone_name(ADDRESS) == "Europe/Paris"
            watcher.start()
            ok = ok and watcher.running
            watcher.stop()
            os._exit(0 if ok and not watcher.running else 1)
        _, status = os.waitpid(pid, 0)
    finally:
        live._lock.release()
        watcher.stop()
    assert os.waitstatus_to_exitcode(status) == 0
