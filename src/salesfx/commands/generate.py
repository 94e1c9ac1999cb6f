"""`salesfx generate`: write the demo raw tables (CSV and / or Parquet) and their seed YAML."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from salesfx.generator import GeneratorConfig, generate
from salesfx.generator.config import MIN_SCALE
from salesfx.generator.schema import TABLES
from salesfx.generator.seeds_yml import seeds_yml
from salesfx.generator.writer import write_csv, write_parquet

SEEDS_YML_NAME = "_raw__seeds.yml"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "generate",
        help="write the demo raw tables",
        description="Generate the demo raw data (docs/raw-contract.md) as <out>/<source>/<table>.csv.",
    )
    parser.add_argument("--out", type=Path, default=Path("seeds/raw"), help="output folder")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="size factor for every table (default 1.0)"
    )
    parser.add_argument(
        "--format", choices=("csv", "parquet", "both"), default="csv", help="output format"
    )
    parser.add_argument("--quiet", action="store_true", help="no summary table")
    parser.set_defaults(func=run)


def write_tables(out: Path, config: GeneratorConfig, file_format: str = "csv") -> dict[str, int]:
    """Generate and write every table; returns the row count per 'source.table'."""
    tables = generate(config)
    counts: dict[str, int] = {}
    for table in TABLES:
        rows = tables[table.key]
        counts[table.key] = len(rows)
        base = out / table.source / table.name
        if file_format in ("csv", "both"):
            write_csv(base.with_suffix(".csv"), table, rows)
        if file_format in ("parquet", "both"):
            write_parquet(base.with_suffix(".parquet"), table, rows)
    (out / SEEDS_YML_NAME).write_text(seeds_yml(), encoding="utf-8")
    return counts


def run(args: argparse.Namespace) -> int:
    if args.scale < MIN_SCALE:
        raise SystemExit(f"--scale must be at least {MIN_SCALE}")
    started = time.perf_counter()
    config = GeneratorConfig(seed=args.seed, scale=args.scale)
    counts = write_tables(args.out, config, args.format)
    elapsed = time.perf_counter() - started
    if not args.quiet:
        from rich.console import Console
        from rich.table import Table as RichTable

        summary = RichTable(
            title=f"salesfx generate -> {args.out} (seed {args.seed}, scale {args.scale})"
        )
        summary.add_column("table")
        summary.add_column("rows", justify="right")
        for key, count in counts.items():
            summary.add_row(key, f"{count:,}")
        summary.add_row("total", f"{sum(counts.values()):,}", style="bold")
        console = Console()
        console.print(summary)
        console.print(f"done in {elapsed:.1f} s")
    return 0
