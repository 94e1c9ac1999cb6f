"""`salesfx compare-marts`: the same marts on two warehouses, value by value.

Reads every `kpi_*` mart (with `--all`, also the `fct_*` and `dim_*` marts) from two built
warehouses and checks that both have the same tables, columns and rows (matched on each mart's
key) and that every value is equal: numbers within a relative tolerance (1e-9 by default) or both
null; dates, timestamps, strings and booleans exactly. Prints a summary of the differences and
exits 1 when there is one.

A warehouse is named `duckdb[:PATH]` (default $SALESFX_DUCKDB_PATH or the demo file),
`postgres` (the $SALESFX_PG_* variables of the postgres target) or `spark[:DIR]` (the
metastore and tables under DIR, default $SALESFX_SPARK_DIR or warehouse/spark, read by a local
SparkSession once dbt has exited: the embedded Derby metastore admits one process at a time).

Keys come from the manifest (a mart's unique_combination_of_columns or unique test); without
them, every column that is not a floating-point number is the key.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from salesfx.manifest import PUBLISHED_PREFIXES

DEFAULT_PREFIXES: tuple[str, ...] = ("kpi_",)
ALL_PREFIXES: tuple[str, ...] = PUBLISHED_PREFIXES
MAX_EXAMPLES = 5


@dataclass(frozen=True)
class TableData:
    """A table read from a warehouse: lower-case column names and rows of Python values."""

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


class Warehouse(Protocol):
    """What the comparison needs from a warehouse."""

    name: str

    def tables(self) -> list[str]:
        """Names of the tables in the marts schema (lower case)."""
        ...

    def read(self, table: str) -> TableData:
        """Every row of a table of the marts schema."""
        ...

    def close(self) -> None: ...


# ---------------------------------------------------------------------------- value comparison


def normalize(value: Any) -> Any:
    """One Python representation per kind of value, whatever the driver returned."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else value
    return value


def values_equal(left: Any, right: Any, rel_tol: float) -> bool:
    """Both null, numbers within rel_tol (relative), or else exactly equal (same kind)."""
    left, right = normalize(left), normalize(right)
    if left is None or right is None:
        return left is None and right is None
    left_number = isinstance(left, (int, float)) and not isinstance(left, bool)
    right_number = isinstance(right, (int, float)) and not isinstance(right, bool)
    if left_number and right_number:
        if isinstance(left, int) and isinstance(right, int):
            return left == right
        if math.isnan(left) or math.isnan(right):
            return math.isnan(left) and math.isnan(right)
        return math.isclose(left, right, rel_tol=rel_tol, abs_tol=1e-12)
    if left_number or right_number:
        return False
    if isinstance(left, datetime) != isinstance(right, datetime):
        return False
    if isinstance(left, date) != isinstance(right, date):
        return False
    return bool(left == right)


def key_value(value: Any) -> Any:
    """A hashable key part: numbers as floats rounded to 9 significant digits."""
    value = normalize(value)
    if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool)):
        return ("number", float(f"{float(value):.9g}"))
    return (type(value).__name__, value)


# ---------------------------------------------------------------------------- table comparison


@dataclass
class TableDiff:
    """What differs in one table between the two warehouses."""

    table: str
    key: tuple[str, ...] = ()
    left_rows: int = 0
    right_rows: int = 0
    only_left_columns: list[str] = field(default_factory=list)
    only_right_columns: list[str] = field(default_factory=list)
    duplicate_keys: int = 0
    only_left_keys: list[tuple[Any, ...]] = field(default_factory=list)
    only_right_keys: list[tuple[Any, ...]] = field(default_factory=list)
    value_diffs: dict[str, list[tuple[tuple[Any, ...], Any, Any]]] = field(default_factory=dict)
    value_diff_counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (
            self.only_left_columns
            or self.only_right_columns
            or self.duplicate_keys
            or self.only_left_keys
            or self.only_right_keys
            or self.value_diff_counts
        )


def default_key(data: TableData) -> tuple[str, ...]:
    """Every column whose values are never floats (nor Decimals with a fraction)."""
    key = []
    for index, column in enumerate(data.columns):
        values = [row[index] for row in data.rows if row[index] is not None]
        if not any(isinstance(normalize(v), float) for v in values):
            key.append(column)
    return tuple(key)


def compare_tables(
    table: str,
    left: TableData,
    right: TableData,
    key: Sequence[str] | None = None,
    rel_tol: float = 1e-9,
) -> TableDiff:
    """Compares two reads of the same table, rows matched on `key`."""
    diff = TableDiff(table=table, left_rows=len(left.rows), right_rows=len(right.rows))
    left_columns, right_columns = list(left.columns), list(right.columns)
    diff.only_left_columns = [c for c in left_columns if c not in right_columns]
    diff.only_right_columns = [c for c in right_columns if c not in left_columns]
    common = [c for c in left_columns if c in right_columns]
    key_columns = tuple(c for c in (key or default_key(left)) if c in common)
    diff.key = key_columns

    def index(data: TableData) -> dict[tuple[Any, ...], dict[str, Any]]:
        positions = {c: data.columns.index(c) for c in common}
        by_key: dict[tuple[Any, ...], dict[str, Any]] = {}
        for row in data.rows:
            record = {c: row[positions[c]] for c in common}
            row_key = tuple(key_value(record[c]) for c in key_columns)
            if row_key in by_key:
                diff.duplicate_keys += 1
            by_key[row_key] = record
        return by_key

    left_rows, right_rows = index(left), index(right)
    diff.only_left_keys = sorted(k for k in left_rows if k not in right_rows)
    diff.only_right_keys = sorted(k for k in right_rows if k not in left_rows)
    for row_key in sorted(k for k in left_rows if k in right_rows):
        for column in common:
            if column in key_columns:
                continue
            left_value, right_value = left_rows[row_key][column], right_rows[row_key][column]
            if not values_equal(left_value, right_value, rel_tol):
                diff.value_diff_counts[column] = diff.value_diff_counts.get(column, 0) + 1
                examples = diff.value_diffs.setdefault(column, [])
                if len(examples) < MAX_EXAMPLES:
                    examples.append((row_key, left_value, right_value))
    return diff


def show_key(row_key: tuple[Any, ...]) -> str:
    return "(" + ", ".join(str(part[1]) for part in row_key) + ")"


def report(diffs: Iterable[TableDiff], left_name: str, right_name: str) -> list[str]:
    """Readable lines: one per table, with examples of what differs."""
    lines = []
    for diff in diffs:
        if diff.ok:
            lines.append(f"ok    {diff.table}: {diff.left_rows} rows")
            continue
        lines.append(
            f"DIFF  {diff.table}: {diff.left_rows} rows on {left_name}, "
            f"{diff.right_rows} on {right_name} (key: {', '.join(diff.key) or 'none'})"
        )
        if diff.only_left_columns:
            lines.append(f"      columns only on {left_name}: {', '.join(diff.only_left_columns)}")
        if diff.only_right_columns:
            lines.append(
                f"      columns only on {right_name}: {', '.join(diff.only_right_columns)}"
            )
        if diff.duplicate_keys:
            lines.append(f"      {diff.duplicate_keys} rows with a duplicate key")
        for side, keys in ((left_name, diff.only_left_keys), (right_name, diff.only_right_keys)):
            if keys:
                shown = "; ".join(show_key(k) for k in keys[:MAX_EXAMPLES])
                lines.append(f"      {len(keys)} keys only on {side}: {shown}")
        for column, count in sorted(diff.value_diff_counts.items()):
            lines.append(f"      {column}: {count} values differ")
            for row_key, left_value, right_value in diff.value_diffs[column]:
                lines.append(
                    f"        {show_key(row_key)}: {left_name}={left_value!r} "
                    f"{right_name}={right_value!r}"
                )
    return lines


# ---------------------------------------------------------------------------- warehouses


class DuckDBWarehouse:
    def __init__(self, path: Path, schema: str = "main_marts") -> None:
        import duckdb

        from salesfx.warehouse import connect_read_only

        self.name = f"duckdb:{path}"
        self.schema = schema
        self.con: duckdb.DuckDBPyConnection = connect_read_only(path)

    def tables(self) -> list[str]:
        rows = self.con.execute(
            "select table_name from information_schema.tables where table_schema = ?",
            [self.schema],
        ).fetchall()
        return sorted(str(r[0]).lower() for r in rows)

    def read(self, table: str) -> TableData:
        result = self.con.execute(f'select * from "{self.schema}"."{table}"')
        columns = tuple(str(d[0]).lower() for d in result.description or [])
        return TableData(columns, [tuple(r) for r in result.fetchall()])

    def close(self) -> None:
        self.con.close()


class PostgresWarehouse:
    def __init__(self, schema: str | None = None) -> None:
        import psycopg2

        env = os.environ
        self.schema = schema or env.get("SALESFX_PG_SCHEMA", "analytics") + "_marts"
        self.con = psycopg2.connect(
            host=env.get("SALESFX_PG_HOST", "localhost"),
            port=int(env.get("SALESFX_PG_PORT", "5432")),
            user=env.get("SALESFX_PG_USER", "postgres"),
            password=env.get("SALESFX_PG_PASSWORD", ""),
            dbname=env.get("SALESFX_PG_DBNAME", "sales_effectiveness"),
        )
        self.name = "postgres"

    def tables(self) -> list[str]:
        with self.con.cursor() as cursor:
            cursor.execute(
                "select table_name from information_schema.tables where table_schema = %s",
                [self.schema],
            )
            return sorted(str(r[0]).lower() for r in cursor.fetchall())

    def read(self, table: str) -> TableData:
        with self.con.cursor() as cursor:
            cursor.execute(f'select * from "{self.schema}"."{table}"')
            columns = tuple(str(d[0]).lower() for d in cursor.description or [])
            return TableData(columns, [tuple(r) for r in cursor.fetchall()])

    def close(self) -> None:
        self.con.close()


def spark_session(spark_dir: Path) -> Any:
    """A local SparkSession on the warehouse dir and Derby metastore of the spark target."""
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master("local[2]")
        .appName("salesfx-compare-marts")
        .enableHiveSupport()
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.warehouse.dir", str(spark_dir / "tables"))
        .config(
            "spark.hadoop.javax.jdo.option.ConnectionURL",
            "jdbc:derby:;databaseName=metastore_db;create=true",
        )
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={spark_dir}")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )


class SparkWarehouse:
    def __init__(self, spark_dir: Path, schema: str | None = None) -> None:
        if not (spark_dir / "metastore_db").exists():
            raise FileNotFoundError(f"No Spark metastore under {spark_dir}: build it first.")
        self.schema = schema or os.environ.get("SALESFX_SPARK_SCHEMA", "analytics") + "_marts"
        self.spark = spark_session(spark_dir)
        self.spark.sparkContext.setLogLevel("ERROR")
        self.name = "spark"

    def tables(self) -> list[str]:
        rows = self.spark.sql(f"show tables in {self.schema}").collect()
        return sorted(str(r["tableName"]).lower() for r in rows if not r["isTemporary"])

    def read(self, table: str) -> TableData:
        frame = self.spark.table(f"{self.schema}.{table}")
        # timestamps as UTC text (a collected timestamp would be shown in the local time zone)
        selects = [
            f"cast(`{f.name}` as string) as `{f.name}`"
            if f.dataType.typeName() == "timestamp"
            else f"`{f.name}`"
            for f in frame.schema.fields
        ]
        timestamp_columns = {
            f.name.lower() for f in frame.schema.fields if f.dataType.typeName() == "timestamp"
        }
        columns = tuple(f.name.lower() for f in frame.schema.fields)
        rows = []
        for row in frame.selectExpr(*selects).collect():
            values = list(row)
            for i, column in enumerate(columns):
                if column in timestamp_columns and values[i] is not None:
                    values[i] = datetime.fromisoformat(values[i])
            rows.append(tuple(values))
        return TableData(columns, rows)

    def close(self) -> None:
        self.spark.stop()


def open_warehouse(spec: str) -> Warehouse:
    """`duckdb[:PATH]`, `postgres` or `spark[:DIR]`."""
    kind, _, location = spec.partition(":")
    if kind == "duckdb":
        from salesfx.warehouse import warehouse_path

        return DuckDBWarehouse(warehouse_path(location or None))
    if kind == "postgres":
        return PostgresWarehouse()
    if kind == "spark":
        default_dir = os.environ.get("SALESFX_SPARK_DIR", "warehouse/spark")
        return SparkWarehouse(Path(location or default_dir).resolve())
    raise ValueError(f"unknown warehouse {spec!r}: use duckdb[:PATH], postgres or spark[:DIR]")


def manifest_keys(manifest: Path) -> dict[str, tuple[str, ...]]:
    """Each model's key from its tests: unique_combination_of_columns, else a unique column."""
    if not manifest.exists():
        return {}
    nodes = json.loads(manifest.read_text())["nodes"]
    combos: dict[str, tuple[str, ...]] = {}
    uniques: dict[str, tuple[str, ...]] = {}
    for node in nodes.values():
        if node.get("resource_type") != "test" or not node.get("test_metadata"):
            continue
        meta = node["test_metadata"]
        depends = node.get("depends_on", {}).get("nodes", [])
        models = [n.split(".")[-1] for n in depends if n.startswith("model.")]
        if len(models) != 1:
            continue
        kwargs = meta.get("kwargs", {})
        if meta.get("name") == "unique_combination_of_columns":
            columns = kwargs.get("combination_of_columns") or []
            combos[models[0]] = tuple(str(c).lower() for c in columns)
        elif meta.get("name") == "unique" and kwargs.get("column_name"):
            uniques.setdefault(models[0], (str(kwargs["column_name"]).lower(),))
    return {**uniques, **combos}


def compare_warehouses(
    left: Warehouse,
    right: Warehouse,
    prefixes: Sequence[str] = DEFAULT_PREFIXES,
    keys: dict[str, tuple[str, ...]] | None = None,
    rel_tol: float = 1e-9,
) -> tuple[list[TableDiff], list[str], list[str]]:
    """Diffs of the tables on both sides, and the tables found on one side only."""
    keys = keys or {}

    def wanted(tables: list[str]) -> set[str]:
        return {t for t in tables if t.startswith(tuple(prefixes))}

    left_tables, right_tables = wanted(left.tables()), wanted(right.tables())
    diffs = [
        compare_tables(table, left.read(table), right.read(table), keys.get(table), rel_tol)
        for table in sorted(left_tables & right_tables)
    ]
    return diffs, sorted(left_tables - right_tables), sorted(right_tables - left_tables)


# ---------------------------------------------------------------------------- command


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "compare-marts",
        help="compare the marts of two built warehouses",
        description=__doc__.split("\n\n")[1] if __doc__ else None,
    )
    parser.add_argument("left", help="duckdb[:PATH], postgres or spark[:DIR]")
    parser.add_argument("right", help="duckdb[:PATH], postgres or spark[:DIR]")
    parser.add_argument(
        "--all", action="store_true", help="also the fct_ and dim_ marts (default: kpi_ only)"
    )
    parser.add_argument(
        "--mart",
        action="append",
        metavar="NAME",
        help="compare only this mart (repeat it; a name prefix selects every mart it starts)",
    )
    parser.add_argument(
        "--rel-tol", type=float, default=1e-9, help="relative tolerance of numbers (1e-9)"
    )
    parser.add_argument(
        "--manifest",
        type=Path,
        default=Path("target/manifest.json"),
        help="dbt manifest giving each mart's key (default target/manifest.json)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    prefixes = tuple(args.mart) if args.mart else ALL_PREFIXES if args.all else DEFAULT_PREFIXES
    left = open_warehouse(args.left)
    try:
        right = open_warehouse(args.right)
        try:
            diffs, only_left, only_right = compare_warehouses(
                left, right, prefixes, manifest_keys(args.manifest), args.rel_tol
            )
        finally:
            right.close()
    finally:
        left.close()
    lines = report(diffs, left.name, right.name)
    if only_left:
        lines.append(f"DIFF  tables only on {left.name}: {', '.join(only_left)}")
    if only_right:
        lines.append(f"DIFF  tables only on {right.name}: {', '.join(only_right)}")
    failed = [d for d in diffs if not d.ok]
    if not diffs and not only_left and not only_right:
        lines.append("DIFF  no marts found on either side")
        failed_any = True
    else:
        failed_any = bool(failed or only_left or only_right)
    print("\n".join(lines))
    print(
        f"compare-marts: {len(diffs) - len(failed)} of {len(diffs)} marts equal "
        f"({left.name} vs {right.name})" + ("" if not failed_any else "; differences above")
    )
    sys.stdout.flush()
    return 1 if failed_any else 0
