"""`salesfx build`: build the DuckDB warehouse beside the published one, then swap it in.

DuckDB lets one process write a database file, and no process write it while another holds it
open, even read-only (a BI tool, a notebook): a plain `dbt build` on the published file fails
with `Could not set lock on file`, and a build that dies half-way leaves half-built marts.
So the build never writes the published file:

1. the published warehouse (`$SALESFX_DUCKDB_PATH`, default warehouse/sales_effectiveness.duckdb)
   is copied to the build file beside it (`<name>.building.duckdb`), so that a model that keeps
   state between builds keeps it;
2. `dbt <args>` (default `dbt build`) runs on the build file (dbt sees it as
   `$SALESFX_DUCKDB_PATH`);
3. on success the build file is checkpointed (no write-ahead log left), flushed to disk and
   renamed over the published file (`os.replace`, atomic on one file system). A reader that holds
   the old file keeps reading the old marts until it closes its connections; every connection
   opened after the swap reads the new marts;
4. on failure the published file is untouched. The build file is kept for inspection (removed
   with `--discard-failed`) and replaced by the next build. Out of memory and a full disk are
   recognised and named, with the model and the setting to change.

A killed build (any signal, at any point) leaves the published file as it was: the next build
starts again from a fresh copy. Two `salesfx build`s on one warehouse exclude each other (a lock
file beside it). Exit code: dbt's, or 3 when the build could not start or publish.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import fcntl
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from salesfx.warehouse import warehouse_path

EXIT_NOT_STARTED = 3
DEFAULT_DBT_ARGS: tuple[str, ...] = ("build",)
BUILD_SUFFIX = ".building"

# The profile's DuckDB settings (profiles.example.yml) and the environment variable of each.
SETTING_ENV = {
    "memory_limit": "SALESFX_DUCKDB_MEMORY_LIMIT",
    "threads": "SALESFX_DUCKDB_THREADS",
    "temp_directory": "SALESFX_DUCKDB_TEMP_DIRECTORY",
}


class BuildError(RuntimeError):
    """The build could not start or could not be published (the published file is untouched)."""


@dataclass(frozen=True)
class WarehouseFiles:
    """The published warehouse and the files the build keeps beside it."""

    published: Path

    @property
    def build(self) -> Path:
        """Where dbt builds: `<stem>.building<suffix>` in the published file's folder."""
        return self.published.with_name(
            f"{self.published.stem}{BUILD_SUFFIX}{self.published.suffix}"
        )

    @property
    def lock(self) -> Path:
        return self.published.with_name(f".{self.published.name}.lock")

    @staticmethod
    def wal(path: Path) -> Path:
        """DuckDB's write-ahead log of a database file."""
        return path.with_name(path.name + ".wal")

    @staticmethod
    def spill(path: Path) -> Path:
        """DuckDB's default temp directory of a database file."""
        return path.with_name(path.name + ".tmp")


@dataclass(frozen=True)
class Diagnosis:
    """Why a build failed, in words: the kind (memory, temp_directory, disk, other), the node
    and the message to print."""

    kind: str
    node: str | None
    message: str


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created if needed); BuildError when another build
    holds it. The kernel releases it when the process dies, however it dies."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise BuildError(
                f"Another `salesfx build` is running on this warehouse (lock {path})."
            ) from error
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove(*paths: Path) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _disk_full(error: OSError, where: Path) -> BuildError:
    if error.errno == errno.ENOSPC:
        return BuildError(
            f"No space left on device while writing {where}. The published warehouse is "
            "untouched. Free disk space there (a build needs room for a second copy of the "
            "warehouse) or move the warehouse with SALESFX_DUCKDB_PATH."
        )
    return BuildError(f"Could not write {where}: {error}")


def prepare_build_file(files: WarehouseFiles) -> None:
    """Remove what an earlier (failed or killed) build left, then copy the published
    warehouse, with its write-ahead log if it has one, to the build file."""
    build = files.build
    _remove(build, files.wal(build), files.spill(build))
    if not files.published.exists():
        build.parent.mkdir(parents=True, exist_ok=True)
        return
    # a writer holding the published file (a plain `dbt build` on it) would make the copy torn
    try:
        duckdb.connect(str(files.published), read_only=True).close()
    except duckdb.IOException as error:
        raise BuildError(
            f"{files.published} is open for writing by another process (a plain `dbt build` "
            f"on it?): {error}"
        ) from error
    try:
        shutil.copyfile(files.published, build)
        if files.wal(files.published).exists():
            shutil.copyfile(files.wal(files.published), files.wal(build))
    except OSError as error:
        _remove(build, files.wal(build))
        raise _disk_full(error, build) from error


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(files: WarehouseFiles) -> None:
    """Checkpoint the build file and rename it over the published file (atomic)."""
    build = files.build
    try:
        with duckdb.connect(str(build)) as con:
            con.execute("checkpoint")
    except duckdb.Error as error:
        raise BuildError(f"Could not checkpoint {build}: {error}") from error
    if files.wal(build).exists():
        raise BuildError(f"{files.wal(build)} is still there after a checkpoint: not published")
    try:
        _fsync(build)
        # a log of the old file must never be replayed onto the new one (its content was copied
        # into the build at the start)
        files.wal(files.published).unlink(missing_ok=True)
        os.replace(build, files.published)
        _fsync(files.published.parent)
    except OSError as error:
        raise _disk_full(error, files.published) from error


def _option(args: Sequence[str], name: str) -> str | None:
    for index, arg in enumerate(args):
        if arg == name and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def run_results_path(dbt_args: Sequence[str], env: dict[str, str]) -> Path:
    """Where dbt writes run_results.json for these arguments and environment."""
    target = _option(dbt_args, "--target-path") or env.get("DBT_TARGET_PATH") or "target"
    project = _option(dbt_args, "--project-dir") or env.get("DBT_PROJECT_DIR") or "."
    path = Path(target)
    return (path if path.is_absolute() else Path(project) / path) / "run_results.json"


def _node_name(unique_id: str) -> str:
    parts = unique_id.split(".")
    return f"{parts[0]} {parts[-1]}" if len(parts) >= 3 else unique_id


def classify(message: str) -> str:
    """memory, temp_directory, disk or other, from a DuckDB / dbt error message."""
    text = message.lower()
    if "no space left on device" in text or "disk is full" in text:
        return "disk"
    if "max_temp_directory_size" in text or "failed to offload" in text:
        return "temp_directory"
    if "out of memory" in text:
        return "memory"
    return "other"


def explain(kind: str, node: str | None, settings: dict[str, str], others: int = 0) -> str:
    """The message printed for a failure of `kind` in `node` (and `others` more nodes)."""
    where = f"{node} failed" if node else "The build failed"
    if node and others:
        where += f" (and {others} other node{'s' if others > 1 else ''})"
    untouched = "The published warehouse is untouched (its readers keep the previous marts)."
    memory = settings.get("memory_limit", "80% of RAM, the default")
    threads = settings.get("threads", "4, the default")
    temp = settings.get("temp_directory") or "the build file's .tmp folder"
    if kind == "memory":
        return (
            f"{where}: DuckDB ran out of memory (memory_limit = {memory}, threads = {threads}). "
            f"Raise SALESFX_DUCKDB_MEMORY_LIMIT (e.g. 8GB) or lower SALESFX_DUCKDB_THREADS "
            f"(fewer threads need less memory); DuckDB spills to SALESFX_DUCKDB_TEMP_DIRECTORY "
            f"({temp}) what does not fit. {untouched}"
        )
    if kind == "temp_directory":
        return (
            f"{where}: DuckDB could not spill to its temp directory {temp}: the disk is full "
            f"(DuckDB's max_temp_directory_size: 90% of its free space). Point "
            f"SALESFX_DUCKDB_TEMP_DIRECTORY at a disk with more free space, or raise "
            f"SALESFX_DUCKDB_MEMORY_LIMIT so that less is spilled. {untouched}"
        )
    if kind == "disk":
        return (
            f"{where}: no space left on device (the build file or the temp directory {temp}). "
            f"Free disk space, or move the spill with SALESFX_DUCKDB_TEMP_DIRECTORY and the "
            f"warehouse with SALESFX_DUCKDB_PATH. {untouched}"
        )
    return f"{where}. {untouched}"


def diagnose(
    output: str, run_results: Path | None, started: float, settings: dict[str, str]
) -> Diagnosis:
    """Why the build failed: the first failed node of this build's run_results.json whose
    message is a resource error (else the first failed node), else dbt's output."""
    failures: list[tuple[str, str]] = []
    if run_results is not None and run_results.exists() and run_results.stat().st_mtime >= started:
        try:
            results = json.loads(run_results.read_text(encoding="utf-8")).get("results", [])
        except (OSError, ValueError):
            results = []
        failures = [
            (_node_name(str(result.get("unique_id", ""))), str(result.get("message") or ""))
            for result in results
            if result.get("status") in ("error", "fail", "runtime error")
        ]
    for node, message in failures:
        kind = classify(message)
        if kind != "other":
            return Diagnosis(kind, node, explain(kind, node, settings, len(failures) - 1))
    kind = classify(output)
    node = failures[0][0] if failures else None
    return Diagnosis(kind, node, explain(kind, node, settings, max(len(failures) - 1, 0)))


def duckdb_settings(env: dict[str, str]) -> dict[str, str]:
    """The DuckDB settings the profile will use, as far as the environment says them."""
    return {name: env[var] for name, var in SETTING_ENV.items() if env.get(var)}


def dbt_executable() -> str:
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


def run_dbt(command: Sequence[str], env: dict[str, str]) -> tuple[int, str]:
    """Run dbt, echoing its output line by line; returns its exit code and its output."""
    lines: list[str] = []
    with subprocess.Popen(
        list(command),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            lines.append(line)
        returncode = process.wait()
    return returncode, "".join(lines)


def build(
    dbt_args: Sequence[str] = DEFAULT_DBT_ARGS,
    warehouse: str | os.PathLike[str] | None = None,
    discard_failed: bool = False,
) -> int:
    """Build into the build file and publish it; see the module docstring."""
    env = dict(os.environ)
    if env.get("SALESFX_TARGET", "duckdb") != "duckdb":
        print(
            f"salesfx build swaps DuckDB files; SALESFX_TARGET={env['SALESFX_TARGET']}: "
            "run `dbt build` directly on other warehouses.",
            file=sys.stderr,
        )
        return EXIT_NOT_STARTED
    files = WarehouseFiles(warehouse_path(warehouse).absolute())
    args = list(dbt_args) or list(DEFAULT_DBT_ARGS)
    try:
        with exclusive_lock(files.lock):
            prepare_build_file(files)
            env["SALESFX_DUCKDB_PATH"] = str(files.build)
            started = time.time()
            returncode, output = run_dbt([dbt_executable(), *args], env)
            if returncode != 0:
                diagnosis = diagnose(
                    output, run_results_path(args, env), started, duckdb_settings(env)
                )
                print(f"\nsalesfx build: {diagnosis.message}", file=sys.stderr)
                if discard_failed:
                    _remove(files.build, files.wal(files.build), files.spill(files.build))
                else:
                    print(
                        f"salesfx build: the failed build is kept in {files.build} "
                        "(the next build replaces it).",
                        file=sys.stderr,
                    )
                return returncode
            publish(files)
    except BuildError as error:
        print(f"salesfx build: {error}", file=sys.stderr)
        return EXIT_NOT_STARTED
    print(
        f"salesfx build: published {files.published} (swapped in atomically: readers that hold "
        "the previous file keep its marts until they reconnect)."
    )
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "build",
        help="build the DuckDB warehouse beside the published one, then swap it in",
        description=(
            "Copy the published DuckDB warehouse to a build file, run dbt on it, and on success "
            "rename it over the published file: readers are never blocked and never see a "
            "half-built mart; a failed or killed build leaves the published file as it was. "
            "Arguments after -- go to dbt (default: build), e.g. `salesfx build -- "
            "--warn-error build --select marts`."
        ),
    )
    parser.add_argument(
        "--warehouse", help="the published DuckDB file (default: $SALESFX_DUCKDB_PATH)"
    )
    parser.add_argument(
        "--discard-failed",
        action="store_true",
        help="remove the build file of a failed build (default: keep it for inspection)",
    )
    parser.add_argument("dbt_args", nargs=argparse.REMAINDER, help="dbt arguments (after --)")
    parser.set_defaults(
        func=lambda args: build(
            _strip_separator(args.dbt_args) or DEFAULT_DBT_ARGS,
            args.warehouse,
            args.discard_failed,
        )
    )


def _strip_separator(args: Sequence[str]) -> list[str]:
    return list(args[1:]) if args and args[0] == "--" else list(args)
