"""Faults a production warehouse meets: a reader that holds the file, a killed build, a memory
limit, a full disk. `salesfx build` (src/salesfx/build.py) builds a copy of the published DuckDB
file and swaps it in on success; these tests hold it to that.

The small company (the generator at scale 0.05, ~9,000 raw rows, loaded as typed raw tables) is
built once for the module without data tests (~45 s); each test works on a copy of it.

- a reader holds the published file open read-only, in another process, for a whole build: the
  build succeeds, the reader reads the old marts through the build and after the swap, and the
  new ones once it reconnects (~40 s);
- kills: `salesfx build` is SIGKILLed with its whole process group after the Nth "OK" line of
  dbt's output, N drawn by a seed, SALESFX_KILLS times (default 5): each time the published marts
  are intact, and the next build equals the clean build byte for byte (~2 min). `make test-kills`
  kills full `dbt build`s of the demo (with data tests) more times;
- memory: the demo built with memory_limit 4MB fails naming the model and
  SALESFX_DUCKDB_MEMORY_LIMIT, and the published marts are intact (~30 s);
- disk: the warehouse folder on a small tmpfs fills up during the build: the build fails saying
  no space is left, and the published marts are intact (~40 s; skipped where mounting a tmpfs is
  not permitted).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from conftest import record_reliability
from faults import NO_TESTS, Warehouse, small_company, tail

from salesfx.build import Diagnosis, classify, diagnose, explain, run_results_path

pytestmark = pytest.mark.slow

OK_LINE = re.compile(r"\d+ of \d+ OK ")
KILLS = int(os.environ.get("SALESFX_KILLS", "5"))
KILL_SEED = int(os.environ.get("SALESFX_KILL_SEED", "20251203"))
# "demo": kill full builds of the demo (data tests included); default: the small company
KILL_COMPANY = os.environ.get("SALESFX_KILL_COMPANY", "small")


@pytest.fixture(scope="module")
def small_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Warehouse, dict[str, str], int]:
    """The small company built and published once: the warehouse, its marts' hashes, and how
    many OK lines the build printed."""
    warehouse = small_company(tmp_path_factory.mktemp("faults"))
    result = warehouse.build(*NO_TESTS)
    assert result.returncode == 0, tail(result)
    ok_lines = len(OK_LINE.findall(result.stdout))
    assert ok_lines > 20, result.stdout[-2000:]
    return warehouse, warehouse.hashes(), ok_lines


READER = """
import json, sys
import duckdb
from salesfx.warehouse import table_hashes
path = sys.argv[1]
con = duckdb.connect(path, read_only=True)
for line in sys.stdin:
    if line.strip() == "reconnect":
        con.close()
        con = duckdb.connect(path, read_only=True)
    print(json.dumps(table_hashes(con)), flush=True)
"""


class Reader:
    """Another process holding a read-only connection to the warehouse until it is told to
    reconnect; `read()` returns the marts' hashes as that connection sees them."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", READER, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def read(self, command: str = "read") -> dict[str, str]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the reader died"
        return dict(json.loads(line))

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)


def test_a_reader_never_blocks_a_build_nor_sees_half_built_marts(
    tmp_path: Path, small_built: tuple[Warehouse, dict[str, str], int]
) -> None:
    source, old, _ = small_built
    warehouse = source.copy_to(tmp_path / "reader")
    reader = Reader(warehouse.published)
    try:
        assert reader.read() == old
        # the same raw data as of an earlier date: other marts
        assert warehouse.vars_yaml is not None
        earlier = warehouse.vars_yaml[:-1] + ", as_of_date: '2025-06-30'}"
        build = warehouse.start(*NO_TESTS, vars_yaml=earlier)
        reads = 0
        assert build.stdout is not None
        for line in build.stdout:  # the reader reads while dbt works, at every model
            if OK_LINE.search(line) and "main_marts" in line:
                assert reader.read() == old, "the reader saw a changed mart during the build"
                reads += 1
        assert build.wait() == 0, "the build failed while a reader held the warehouse"
        assert reads > 5
        new = warehouse.hashes()  # a new connection: the new marts
        assert new != old
        assert reader.read() == old  # the held connection: still the old file
        assert reader.read("reconnect") == new
        record_reliability("readers_held")
    finally:
        reader.close()


def _kill_at(warehouse: Warehouse, ok_line: int, *dbt_args: str) -> str:
    """Start a build and SIGKILL its process group after its `ok_line`th OK line; returns the
    line it was killed after."""
    build = warehouse.start(*dbt_args)
    assert build.stdout is not None
    seen, last = 0, ""
    for line in build.stdout:
        if OK_LINE.search(line):
            seen, last = seen + 1, line.strip()
            if seen == ok_line:
                os.killpg(build.pid, signal.SIGKILL)
                break
    build.wait()
    assert seen == ok_line, f"the build ended after {seen} OK lines, before the kill point"
    assert build.returncode == -signal.SIGKILL
    return last


@pytest.fixture(scope="module")
def kill_target(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Warehouse, dict[str, str], int, tuple[str, ...]]:
    """The warehouse, clean hashes, OK lines and dbt arguments of the builds to kill."""
    if KILL_COMPANY == "demo":
        warehouse = Warehouse(tmp_path_factory.mktemp("kills_demo"))
        result = warehouse.build("build")
        assert result.returncode == 0, tail(result)
        return warehouse, warehouse.hashes(), len(OK_LINE.findall(result.stdout)), ("build",)
    source, hashes, ok_lines = request.getfixturevalue("small_built")
    return source.copy_to(tmp_path_factory.mktemp("kills")), hashes, ok_lines, NO_TESTS


def test_killed_builds_lose_nothing(
    kill_target: tuple[Warehouse, dict[str, str], int, tuple[str, ...]],
) -> None:
    warehouse, clean, ok_lines, dbt_args = kill_target
    rng = random.Random(KILL_SEED)
    for _ in range(KILLS):
        point = rng.randint(1, ok_lines - 1)
        killed_after = _kill_at(warehouse, point, *dbt_args)
        # the kill hit a build in progress: its file is there, the published one as it was
        assert warehouse.files.build.exists(), killed_after
        assert not warehouse.files.wal(warehouse.published).exists()
        assert warehouse.hashes() == clean, f"marts changed by a build killed after {point} OKs"
        record_reliability("kills_survived")
    result = warehouse.build(*dbt_args)
    assert result.returncode == 0, tail(result)
    assert warehouse.hashes() == clean, "the build after the kills differs from a clean build"
    assert not warehouse.files.build.exists()


def test_memory_limit_names_the_model_and_the_setting(tmp_path: Path, demo_warehouse: Path) -> None:
    warehouse = Warehouse(tmp_path / "memory", env={"SALESFX_DUCKDB_MEMORY_LIMIT": "4MB"})
    shutil.copyfile(demo_warehouse, warehouse.published)
    before = warehouse.hashes()
    result = warehouse.build("run", "--select", "base_salesforce__tasks")
    assert result.returncode != 0
    assert "model base_salesforce__tasks failed: DuckDB ran out of memory" in result.stderr
    assert "memory_limit = 4MB" in result.stderr and "SALESFX_DUCKDB_MEMORY_LIMIT" in result.stderr
    assert warehouse.hashes() == before
    record_reliability("resource_errors")


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 100 MB tmpfs (root only; skips where mounting is not permitted)."""
    mount = tmp_path / "tmpfs"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=100m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_says_so_and_keeps_the_marts(
    small_tmpfs: Path, small_built: tuple[Warehouse, dict[str, str], int]
) -> None:
    source, clean, _ = small_built
    size = source.published.stat().st_size
    # the published file, then ballast that leaves room for the build's copy and little more
    warehouse = source.copy_to(small_tmpfs / "wh")
    free = shutil.disk_usage(small_tmpfs).free
    ballast = free - size - 6 * 1024 * 1024
    assert ballast > 0, f"the tmpfs is too small for two copies of {size} bytes"
    with open(small_tmpfs / "ballast", "wb") as handle:
        handle.truncate(0)
        handle.write(b"\0" * ballast)
    result = warehouse.build(*NO_TESTS)
    assert result.returncode != 0
    assert "No space left on device" in result.stderr or "no space left" in result.stderr
    assert warehouse.hashes() == clean
    record_reliability("resource_errors")


# --- the wrapper's diagnosis, without a build -------------------------------------------------


def test_errors_are_classified() -> None:
    oom = "Out of Memory Error: failed to allocate data of size 2.0 MiB (17.1 MiB/19.0 MiB used)"
    spill = (
        "Out of Memory Error: failed to offload data block of size 256.0 KiB (1.8 MiB/1.9 MiB "
        "used).\nThis limit was set by the 'max_temp_directory_size' setting."
    )
    disk = 'IO Error: Could not write file "x.duckdb": No space left on device'
    assert [classify(oom), classify(spill), classify(disk), classify("Binder Error")] == [
        "memory",
        "temp_directory",
        "disk",
        "other",
    ]
    message = explain("temp_directory", "model m", {"temp_directory": "/spill"})
    assert "SALESFX_DUCKDB_TEMP_DIRECTORY" in message and "/spill" in message


def test_diagnosis_reads_this_builds_run_results(tmp_path: Path) -> None:
    results = tmp_path / "target" / "run_results.json"
    results.parent.mkdir()
    results.write_text(
        json.dumps(
            {
                "results": [
                    {"unique_id": "model.p.a", "status": "success", "message": "OK"},
                    {"unique_id": "model.p.b", "status": "error", "message": "Binder Error"},
                    {"unique_id": "model.p.c", "status": "error", "message": "Out of Memory"},
                ]
            }
        ),
        encoding="utf-8",
    )
    started = time.time() - 5
    found = diagnose("", results, started, {"memory_limit": "1GB"})
    assert found == Diagnosis("memory", "model c", found.message)
    assert "(and 1 other node)" in found.message and "memory_limit = 1GB" in found.message
    # a run_results.json older than the build is not this build's
    stale = diagnose("No space left on device", results, time.time() + 60, {})
    assert (stale.kind, stale.node) == ("disk", None)
    assert run_results_path(["build", "--target-path", "t"], {}) == Path("t/run_results.json")
    assert run_results_path(["build"], {"DBT_TARGET_PATH": "/x"}) == Path("/x/run_results.json")


def test_a_second_build_waits_for_none(tmp_path: Path) -> None:
    """Two builds of one warehouse exclude each other: the second stops at once."""
    warehouse = Warehouse(tmp_path / "locked")
    warehouse.files.lock.parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time\n"
            f"h = open({str(warehouse.files.lock)!r}, 'a+')\n"
            "fcntl.flock(h, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        result = warehouse.build("build")
        assert result.returncode == 3
        assert "Another `salesfx build` is running" in result.stderr
    finally:
        holder.kill()
        holder.wait()


def test_a_plain_dbt_writer_is_detected(tmp_path: Path) -> None:
    """A process writing the published file (a plain `dbt build` on it) stops the build before
    it copies a torn file."""
    warehouse = Warehouse(tmp_path / "writer")
    duckdb.connect(str(warehouse.published)).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, time\n"
            f"con = duckdb.connect({str(warehouse.published)!r})\n"
            "print('open', flush=True)\ntime.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        result = warehouse.build("build")
        assert result.returncode == 3
        assert "open for writing by another process" in result.stderr
    finally:
        holder.kill()
        holder.wait()
