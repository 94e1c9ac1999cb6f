"""`salesfx generate`: write the demo raw tables (CSV and / or Parquet) and their seed YAML."""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

from salesfx.generator import bend
from salesfx.generator.config import MAX_SCALE, MIN_SCALE, GeneratorConfig, chunk_count
from salesfx.generator.seeds_yml import seeds_yml
from salesfx.generator.stream import FORMATS, OutputSpec, write_company

SEEDS_YML_NAME = "_raw__seeds.yml"
DESCRIPTION = """\
Generate the demo company's raw tables (docs/raw-contract.md, docs/demo-data.md).

Output under --out:
  csv      <source>/<table>.csv, one file per table
  parquet  <source>/<table>/part-00000.parquet, part-00001.parquet, ... (typed columns, zstd)
  both     both of the above
plus _raw__seeds.yml (the dbt seed properties). The company is generated and written in
chunks of scale <= 1, so memory does not grow with --scale. The same --seed, --scale and
--bend give the same bytes whatever --jobs. With --bend loader_text every value is text: the
CSV holds the loader's text, the Parquet columns are all strings.
"""
BEND_HELP = (
    "bend the same company the way real exports differ: 'all' or comma-separated classes: "
    + ", ".join(bend.CLASSES)
    + " (docs/demo-data.md, 'Bent exports')"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "generate",
        help="write the demo raw tables",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--out", type=Path, default=Path("seeds/raw"), help="output folder (default seeds/raw)"
    )
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help=f"size factor for every table ({MIN_SCALE} to {MAX_SCALE:g}, default 1.0)",
    )
    parser.add_argument(
        "--format", choices=tuple(FORMATS), default="csv", help="output format (default csv)"
    )
    parser.add_argument("--bend", default="", metavar="CLASS[,CLASS...]|all", help=BEND_HELP)
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(4, os.cpu_count() or 1),
        help="worker processes for scales above 1 (default: the CPUs, at most 4)",
    )
    parser.add_argument("--quiet", action="store_true", help="no summary table")
    parser.set_defaults(func=run)


def write_tables(
    out: Path,
    config: GeneratorConfig,
    file_format: str = "csv",
    bends: tuple[str, ...] = (),
    jobs: int = 1,
) -> dict[str, int]:
    """Generate and write every table and the seed YAML; returns the row count per table."""
    spec = OutputSpec(out, FORMATS[file_format], bends)
    counts = write_company(config, spec, jobs)
    (out / SEEDS_YML_NAME).write_text(seeds_yml(spec.tables, spec.text), encoding="utf-8")
    return counts


def resources() -> tuple[float, float, float]:
    """Peak resident memory in MB of this process and of the largest finished worker, and the
    CPU seconds of both."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
    return own.ru_maxrss / 1024, workers.ru_maxrss / 1024, cpu


def run(args: argparse.Namespace) -> int:
    if not MIN_SCALE <= args.scale <= MAX_SCALE:
        raise SystemExit(f"--scale must be between {MIN_SCALE} and {MAX_SCALE:g}")
    try:
        bends = bend.parse(args.bend)
    except ValueError as error:
        raise SystemExit(f"--bend: {error}") from None
    started = time.perf_counter()
    config = GeneratorConfig(seed=args.seed, scale=args.scale)
    counts = write_tables(args.out, config, args.format, bends, max(1, args.jobs))
    elapsed = time.perf_counter() - started
    if not args.quiet:
        _print_summary(args, counts, elapsed, bends)
    return 0


def _print_summary(
    args: argparse.Namespace, counts: dict[str, int], elapsed: float, bends: tuple[str, ...]
) -> None:
    from rich.console import Console
    from rich.table import Table as RichTable

    title = f"salesfx generate -> {args.out} (seed {args.seed}, scale {args.scale}"
    title += f", bend {','.join(bends)})" if bends else ")"
    summary = RichTable(title=title)
    summary.add_column("table")
    summary.add_column("rows", justify="right")
    for key, count in counts.items():
        summary.add_row(key, f"{count:,}")
    summary.add_row("total", f"{sum(counts.values()):,}", style="bold")
    console = Console()
    console.print(summary)
    own, workers, cpu = resources()
    memory = f"peak RSS {own:,.0f} MB"
    if workers:
        memory += f" (largest worker {workers:,.0f} MB)"
    chunks = chunk_count(args.scale)
    console.print(f"done in {elapsed:.1f} s ({cpu:.0f} s CPU), {chunks} chunk(s), {memory}")
