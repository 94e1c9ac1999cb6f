"""`salesfx validate`: Great Expectations suites on every mart of the built warehouse.

The suites are derived from dbt's manifest (the mart YAML: data tests and the KPI registry), so
the manifest of the build is needed too ($DBT_TARGET_PATH or target/, or --target-path).

Exit codes: 0 every expectation passed; 1 an expectation failed; 2 the warehouse, the manifest
or a mart is missing (build it first), or an unknown mart was asked for.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
from rich.console import Console
from rich.table import Table

from salesfx.manifest import load_manifest
from salesfx.warehouse import MARTS_SCHEMA, warehouse_path

if TYPE_CHECKING:  # the runner imports Great Expectations (slow): only when validating
    from salesfx.validate.runner import MartResult

DEFAULT_DOCS_DIR = Path("reports/data_docs")
EXIT_OK, EXIT_FAILED, EXIT_MISSING = 0, 1, 2


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "validate",
        help="run the Great Expectations suites on every mart and write Data Docs",
        description=__doc__,
    )
    parser.add_argument(
        "--warehouse",
        default=None,
        help="DuckDB file (default: $SALESFX_DUCKDB_PATH or warehouse/sales_effectiveness.duckdb)",
    )
    parser.add_argument(
        "--docs-dir",
        default=str(DEFAULT_DOCS_DIR),
        help=f"where to write the HTML Data Docs (default: {DEFAULT_DOCS_DIR}; '' to skip)",
    )
    parser.add_argument(
        "--schema", default=MARTS_SCHEMA, help=f"schema of the marts (default: {MARTS_SCHEMA})"
    )
    parser.add_argument(
        "--target-path",
        default=None,
        help="folder with dbt's manifest.json (default: $DBT_TARGET_PATH or target/)",
    )
    parser.add_argument(
        "--mart",
        action="append",
        default=None,
        metavar="NAME",
        help="validate only this mart (repeatable; default: every mart)",
    )
    parser.set_defaults(func=_main)


def _main(args: argparse.Namespace) -> int:
    return run(
        warehouse=args.warehouse,
        docs_dir=Path(args.docs_dir) if args.docs_dir else None,
        schema=args.schema,
        marts=args.mart,
        target=args.target_path,
    )


def run(
    warehouse: str | None = None,
    docs_dir: Path | None = DEFAULT_DOCS_DIR,
    schema: str = MARTS_SCHEMA,
    marts: Sequence[str] | None = None,
    console: Console | None = None,
    target: str | None = None,
) -> int:
    """Validate, print the summary table, return the exit code."""
    from salesfx.validate.suites import mart_specs

    console = console or Console(width=None if sys.stdout.isatty() else 120)
    path = warehouse_path(warehouse)
    if not path.exists():
        console.print(
            f"[red]No warehouse at {path}.[/red] Build it first with `make demo` "
            "(or point --warehouse / SALESFX_DUCKDB_PATH at a built DuckDB file)."
        )
        return EXIT_MISSING
    try:
        manifest = load_manifest(target)
    except FileNotFoundError as error:
        console.print(f"[red]{error}[/red]")
        return EXIT_MISSING
    by_name = {spec.name: spec for spec in mart_specs(manifest)}
    unknown = [m for m in marts or () if m not in by_name]
    if unknown:
        console.print(
            f"[red]No suite for {', '.join(unknown)}.[/red] Known marts: {', '.join(by_name)}"
        )
        return EXIT_MISSING
    specs = [by_name[m] for m in marts] if marts else list(by_name.values())

    from salesfx.validate.runner import validate_warehouse

    try:
        outcome = validate_warehouse(path, specs, schema, docs_dir)
    except duckdb.IOException as exc:  # e.g. a dbt run holds the write lock
        console.print(f"[red]Cannot open {path} read-only:[/red] {str(exc).splitlines()[0]}")
        return EXIT_MISSING
    console.print(_summary_table(outcome.results, path))
    if outcome.docs_index is not None:
        console.print(f"Data Docs: {outcome.docs_index}")
    if outcome.missing:
        console.print(
            f"[red]Missing marts in {schema}: {', '.join(outcome.missing)}.[/red] "
            "Build them first (`dbt build --select marts`)."
        )
        return EXIT_MISSING
    failed = sum(r.failed for r in outcome.results)
    if failed:
        console.print(f"[red]{failed} expectation(s) failed.[/red]")
        for result in outcome.results:
            for failure in result.failures:
                console.print(f"  {result.mart}: {failure.label}", highlight=False)
        return EXIT_FAILED
    total = sum(r.expectations for r in outcome.results)
    console.print(
        f"[green]All {total} expectations passed on {len(outcome.results)} marts.[/green]"
    )
    return EXIT_OK


def _summary_table(results: Sequence[MartResult], path: Path) -> Table:
    table = Table(title=f"Great Expectations on {path}")
    table.add_column("mart", no_wrap=True)
    table.add_column("expectations", justify="right")
    table.add_column("passed", justify="right")
    table.add_column("failed", justify="right")
    table.add_column("first failure", overflow="fold")
    for result in results:
        if result.missing:
            table.add_row(result.mart, "-", "-", "-", "[red]mart not built[/red]")
            continue
        first = result.failures[0].label if result.failures else ""
        table.add_row(
            result.mart,
            str(result.expectations),
            str(result.passed),
            f"[red]{result.failed}[/red]" if result.failed else "0",
            first,
        )
    return table


def main(argv: Sequence[str] | None = None) -> int:
    """Run without the `salesfx` dispatcher (python -m salesfx.validate)."""
    parser = argparse.ArgumentParser(prog="salesfx")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["validate", *(argv if argv is not None else sys.argv[1:])])
    return int(args.func(args))
