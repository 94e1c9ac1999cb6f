"""`salesfx bench`: how long the project takes to build a company of a given size.

For each scale it generates the company as Parquet (cached by seed and scale), points the
sources at the Parquet folders without loading them (var `raw_parquet_dir`: dbt-duckdb external
sources), builds it from scratch on a fresh DuckDB file (`dbt seed`, then `dbt build` with every
data test, no unit tests) and measures the build's wall time and peak memory. With
`--incremental` it also measures a daily build (one new day of raw data), as a scheduled job
meets it: the company without its last two days is built from scratch, then incrementally with
the day before the last (the first daily build after a full one, reported as `first_daily`),
then incrementally with the whole company (the daily build reported, `daily`). The first daily
build after a full one pays a one-off cost the next ones do not: DuckDB compacts, when dbt
closes the database, the row groups in which the daily build deleted over a quarter of the rows
(the rolling window of the event models lies scattered across a table built from scratch, and
at the tail of one a daily build appended).

It prints a table and writes reports/bench.json: per scale the raw rows, the wall time, dbt's
own time (the wall time less dbt's start and the database's close), the peak RSS, raw rows per
second, the 10 slowest nodes and the node time per kind of node (table marts, other tables,
incremental models, data tests...) of the full build (and of the daily builds).
No test asserts a time: the benchmark is a command (`make bench`; the README shows its figures).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from salesfx.manifest import PUBLISHED_PREFIXES

SOURCES = ("salesforce", "marketing", "billing", "finance")
DEFAULT_SCALES = (1.0, 20.0)
REPORT = Path("reports/bench.json")
CACHE = Path(".bench")
# Raw rows loaded after this moment are "the last day" of a company: the column that says when a
# row arrived, per table (None: reference data, present from the start).
ARRIVAL = {
    "salesforce": "_fivetran_synced",
    "marketing": "submitted_at",
    "billing": "created_at",
    "finance": None,
}


@dataclass
class Node:
    name: str
    seconds: float


@dataclass
class NodeKind:
    """The nodes of one kind in a build: how many, and their node time added up."""

    kind: str
    nodes: int
    seconds: float


# the kinds of node a build's time is split into, in the order they are reported
NODE_KINDS = (
    "table marts",
    "other tables",
    "incremental models",
    "views",
    "seeds",
    "data tests",
    "other nodes",
)


@dataclass
class Run:
    wall_seconds: float
    peak_rss_mb: float
    nodes: int
    slowest: list[Node] = field(default_factory=list)
    # dbt's elapsed time (run_results.json): the rest of the wall time is dbt's start and the
    # database's close (DuckDB checkpoints there: the profile sets one checkpoint per build)
    dbt_seconds: float | None = None
    # node time per kind of node (node_time_by_kind): over two threads, a build's wall time is
    # at least half their sum
    node_time: list[NodeKind] = field(default_factory=list)


@dataclass
class ScaleResult:
    scale: float
    raw_rows: int
    full: Run
    rows_per_second: float
    daily: Run | None = None
    daily_share: float | None = None
    first_daily: Run | None = None
    first_daily_share: float | None = None


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "bench",
        help="time a full build (and a daily incremental one) at given scales",
        description=(
            "Generate a company per scale (Parquet, cached), build it from Parquet sources on a "
            "fresh DuckDB file with every data test, and report wall time, peak RSS, raw rows per "
            "second and the slowest nodes (reports/bench.json)."
        ),
    )
    parser.add_argument(
        "--scale",
        type=float,
        action="append",
        help="a scale to measure (repeat it; default 1 and 20; 250 is about 10M tasks)",
    )
    parser.add_argument("--seed", type=int, default=42, help="generator seed (default 42)")
    parser.add_argument(
        "--cache-dir", type=Path, default=CACHE, help="where data and warehouses go"
    )
    parser.add_argument("--report", type=Path, default=REPORT, help="the JSON report")
    parser.add_argument(
        "--incremental", action="store_true", help="also time a daily build (one new day of data)"
    )
    parser.add_argument(
        "--threads", type=int, default=2, help="dbt threads: models built at once (default 2)"
    )
    parser.add_argument(
        "--duckdb-threads",
        type=int,
        default=1,
        help=(
            "DuckDB threads per model (default 1: dbt's 2 models at once keep 2 cores busy; two "
            "models of 2 threads each ran out of memory together at scale 250)"
        ),
    )
    parser.add_argument(
        "--memory-limit",
        default="3GB",
        help="DuckDB memory_limit (default 3GB: with dbt itself, the process stays under 4 GB)",
    )
    parser.set_defaults(func=run)


def company_dir(cache: Path, seed: int, scale: float) -> Path:
    return cache / f"company-seed{seed}-scale{scale:g}"


def ensure_company(cache: Path, seed: int, scale: float) -> Path:
    """The company's Parquet folders, generated once per (seed, scale)."""
    folder = company_dir(cache, seed, scale)
    if (folder / ".complete").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    salesfx = Path(sys.executable).with_name("salesfx")
    subprocess.run(
        [
            str(salesfx),
            "generate",
            "--scale",
            f"{scale:g}",
            "--seed",
            str(seed),
            "--format",
            "parquet",
            "--out",
            str(folder),
            "--quiet",
        ],
        check=True,
    )
    (folder / ".complete").write_text("ok\n", encoding="utf-8")
    return folder


def raw_row_count(folder: Path) -> int:
    with duckdb.connect() as con:
        return sum(
            int(
                con.execute(
                    "select count(*) from read_parquet(?)", [str(table / "*.parquet")]
                ).fetchone()[0]
            )  # type: ignore[index]
            for source in SOURCES
            for table in sorted((folder / source).iterdir())
            if table.is_dir()
        )


def without_last_days(folder: Path, target: Path, days: int = 1) -> Path:
    """A copy of the company as its raw tables stood `days` days before the last arrival."""
    if (target / ".complete").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    with duckdb.connect() as con:
        last = con.execute(
            "select max(_fivetran_synced) from read_parquet(?)",
            [str(folder / "salesforce" / "task" / "*.parquet")],
        ).fetchone()[0]  # type: ignore[index]
        for source in SOURCES:
            for table in sorted((folder / source).iterdir()):
                if not table.is_dir():
                    continue
                out = target / source / table.name
                out.mkdir(parents=True, exist_ok=True)
                column = ARRIVAL[source]
                columns = {
                    row[0]
                    for row in con.execute(
                        "describe select * from read_parquet(?)", [str(table / "*.parquet")]
                    ).fetchall()
                }
                where = (
                    f"where {column} is null or {column} < ? - interval {int(days)} day"
                    if column in columns
                    else ""
                )
                part = out / "part-00000.parquet"
                con.execute(
                    f"copy (select * from read_parquet(?) {where}) to '{part}' "
                    "(format parquet, compression zstd)",
                    [str(table / "*.parquet"), last] if where else [str(table / "*.parquet")],
                )
    (target / ".complete").write_text("ok\n", encoding="utf-8")
    return target


def point_lake(lake: Path, folder: Path) -> None:
    """Make the folder `lake` show `folder`'s Parquet files (a symbolic link, replaced)."""
    if lake.is_symlink() or lake.exists():
        lake.unlink()
    lake.symlink_to(folder.resolve(), target_is_directory=True)


def dbt(args: list[str], env: dict[str, str], target: Path) -> tuple[float, float, int]:
    """Run dbt; returns (wall seconds, peak RSS in MB of the dbt process, exit code)."""
    command = [str(Path(sys.executable).with_name("dbt")), *args]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read() if process.stdout else b""  # type: ignore[union-attr]
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    (target / "bench_dbt.log").write_bytes(output)
    return wall, usage.ru_maxrss / 1024, code


def slowest_nodes(target: Path, count: int = 10) -> tuple[int, list[Node]]:
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    nodes = sorted(results, key=lambda r: -float(r["execution_time"]))[:count]
    return len(results), [
        Node(
            str(r["unique_id"]).split(".")[2]
            if r["unique_id"].startswith("test")
            else str(r["unique_id"]).split(".")[-1],
            round(float(r["execution_time"]), 2),
        )
        for r in nodes
    ]


def node_kind(unique_id: str, manifest_nodes: dict[str, Any]) -> str:
    """The kind (NODE_KINDS) of a node of run_results.json, from the manifest's nodes."""
    node = manifest_nodes.get(unique_id, {})
    resource_type = node.get("resource_type", unique_id.split(".")[0])
    if resource_type == "test":
        return "data tests"
    if resource_type == "seed":
        return "seeds"
    if resource_type != "model":
        return "other nodes"
    materialized = node.get("config", {}).get("materialized")
    if materialized == "incremental":
        return "incremental models"
    if materialized == "view":
        return "views"
    if materialized == "table":
        # the tables users query: the kpi_ marts and the facts and dimensions (semantic layer too)
        name = str(node.get("name", unique_id.split(".")[-1]))
        return "table marts" if name.startswith(PUBLISHED_PREFIXES) else "other tables"
    return "other nodes"


def node_time_by_kind(target: Path) -> list[NodeKind]:
    """The node time of the last run (run_results.json) added up per kind, kinds without a
    node left out; [] without the run's manifest.json."""
    manifest_path = target / "manifest.json"
    if not manifest_path.exists():
        return []
    manifest_nodes = json.loads(manifest_path.read_text(encoding="utf-8")).get("nodes", {})
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    totals = {kind: [0, 0.0] for kind in NODE_KINDS}
    for result in results:
        total = totals[node_kind(str(result["unique_id"]), manifest_nodes)]
        total[0] += 1
        total[1] += float(result["execution_time"])
    return [
        NodeKind(kind, int(count), round(seconds, 1))
        for kind, (count, seconds) in totals.items()
        if count
    ]


def build(folder: Path, warehouse: Path, work: Path, args: argparse.Namespace, fresh: bool) -> Run:
    """Seed the mappings and build the project on `folder`'s Parquet; fresh: from scratch."""
    work.mkdir(parents=True, exist_ok=True)
    # the project's profile every time: a cached work folder must not keep an older one
    shutil.copy("profiles.example.yml", work / "profiles.yml")
    if fresh:
        for path in (warehouse, warehouse.with_suffix(".duckdb.wal")):
            path.unlink(missing_ok=True)
    env = {
        **os.environ,
        "SALESFX_TARGET": "duckdb",
        "SALESFX_DUCKDB_PATH": str(warehouse),
        "SALESFX_DUCKDB_THREADS": str(args.duckdb_threads),
        "SALESFX_DUCKDB_MEMORY_LIMIT": args.memory_limit,
        "SALESFX_DUCKDB_TEMP_DIRECTORY": str(work / "spill"),
        "DBT_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    common = [
        "--profiles-dir",
        str(work),
        "--threads",
        str(args.threads),
        "--vars",
        json.dumps({"raw_parquet_dir": str(folder.absolute())}),
    ]
    if fresh:
        _, _, code = dbt(["seed", *common], env, work)
        if code:
            raise SystemExit(f"dbt seed failed: see {work / 'bench_dbt.log'}")
    wall, rss, code = dbt(["build", "--exclude-resource-type", "unit_test", *common], env, work)
    if code:
        raise SystemExit(f"dbt build failed: see {work / 'bench_dbt.log'}")
    count, slowest = slowest_nodes(work / "target")
    return Run(
        round(wall, 1),
        round(rss, 0),
        count,
        slowest,
        dbt_elapsed(work / "target"),
        node_time_by_kind(work / "target"),
    )


def dbt_elapsed(target: Path) -> float | None:
    """dbt's own elapsed time of its last run (run_results.json), None when it has none."""
    elapsed = json.loads((target / "run_results.json").read_text(encoding="utf-8")).get(
        "elapsed_time"
    )
    return round(float(elapsed), 1) if elapsed is not None else None


def bench_scale(scale: float, args: argparse.Namespace) -> ScaleResult:
    cache: Path = args.cache_dir
    folder = ensure_company(cache, args.seed, scale)
    rows = raw_row_count(folder)
    name = f"scale{scale:g}"
    full = build(folder, cache / f"{name}.duckdb", cache / f"{name}-work", args, fresh=True)
    result = ScaleResult(scale, rows, full, round(rows / full.wall_seconds))
    if args.incremental:
        company = f"company-seed{args.seed}-scale{scale:g}"
        two_days_before = without_last_days(folder, cache / f"{company}-day-2", days=2)
        day_before = without_last_days(folder, cache / f"{company}-day-1", days=1)
        warehouse = cache / f"{name}-daily.duckdb"
        work = cache / f"{name}-daily-work"
        # one lake folder whose files gain a day, as a data-lake export does: the same sources
        # (and vars) every time, so the daily builds reuse dbt's parse like a scheduled job
        lake = cache / f"{name}-lake"
        point_lake(lake, two_days_before)
        build(lake, warehouse, work, args, fresh=True)
        point_lake(lake, day_before)
        result.first_daily = build(lake, warehouse, work, args, fresh=False)
        result.first_daily_share = round(result.first_daily.wall_seconds / full.wall_seconds, 3)
        point_lake(lake, folder)
        result.daily = build(lake, warehouse, work, args, fresh=False)
        result.daily_share = round(result.daily.wall_seconds / full.wall_seconds, 3)
    return result


def share(run: Run | None, fraction: float | None) -> str:
    """A daily build's wall time and its share of the full build's, for the table."""
    if run is None or fraction is None:
        return "-"
    return f"{run.wall_seconds:,.0f} s ({fraction:.0%})"


def print_results(results: list[ScaleResult]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="salesfx bench: full build (dbt build, data tests, no unit tests)")
    for column in (
        "scale",
        "raw rows",
        "wall",
        "peak RSS",
        "rows / s",
        "daily build",
        "first daily build",
    ):
        table.add_column(column, justify="right")
    for r in results:
        table.add_row(
            f"{r.scale:g}",
            f"{r.raw_rows:,}",
            f"{r.full.wall_seconds:,.0f} s",
            f"{r.full.peak_rss_mb:,.0f} MB",
            f"{r.rows_per_second:,}",
            share(r.daily, r.daily_share),
            share(r.first_daily, r.first_daily_share),
        )
    console = Console()
    console.print(table)
    for r in results:
        console.print(
            f"slowest nodes at scale {r.scale:g}: "
            + ", ".join(f"{n.name} {n.seconds:.1f}s" for n in r.full.slowest)
        )
        for label, build_run in (("full build", r.full), ("daily build", r.daily)):
            if build_run is not None and build_run.node_time:
                console.print(
                    f"node time of the {label} at scale {r.scale:g}: "
                    + ", ".join(
                        f"{k.kind} ({k.nodes}) {k.seconds:,.0f}s" for k in build_run.node_time
                    )
                )


def run(args: argparse.Namespace) -> int:
    scales = tuple(args.scale or DEFAULT_SCALES)
    results = [bench_scale(scale, args) for scale in scales]
    args.report.parent.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "command": "salesfx bench "
        + " ".join(f"--scale {s:g}" for s in scales)
        + (" --incremental" if args.incremental else ""),
        "cpus": os.cpu_count(),
        "threads": args.threads,
        "duckdb_threads": args.duckdb_threads,
        "memory_limit": args.memory_limit,
        "results": [asdict(r) for r in results],
    }
    args.report.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print_results(results)
    print(f"report: {args.report}")
    return 0
