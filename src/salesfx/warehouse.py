"""Where the built DuckDB warehouse lives, and a read-only connection to it."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

DEFAULT_WAREHOUSE = Path("warehouse/sales_effectiveness.duckdb")
MARTS_SCHEMA = "main_marts"


class WarehouseMissingError(RuntimeError):
    """Raised when the warehouse file has not been built yet."""


def warehouse_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The warehouse file: the explicit path, else $SALESFX_DUCKDB_PATH, else the default."""
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("SALESFX_DUCKDB_PATH", str(DEFAULT_WAREHOUSE)))


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only, with a readable error when it does not exist."""
    if not path.exists():
        raise WarehouseMissingError(
            f"No warehouse at {path}. Build it first with `make demo` "
            "(or point SALESFX_DUCKDB_PATH at a built DuckDB file)."
        )
    return duckdb.connect(str(path), read_only=True)


def table_columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> set[str]:
    """Column names of a table, empty when the table does not exist."""
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchall()
    return {row[0] for row in rows}


def table_hashes(con: duckdb.DuckDBPyConnection, schema: str = MARTS_SCHEMA) -> dict[str, str]:
    """An md5 of every table of `schema`: its rows as text, in order, with the column names and
    types. Two warehouses whose tables have the same hashes hold byte-identical tables."""
    tables = [
        row[0]
        for row in con.execute(
            "select table_name from information_schema.tables where table_schema = ? "
            "and table_type = 'BASE TABLE' order by table_name",
            [schema],
        ).fetchall()
    ]
    hashes: dict[str, str] = {}
    for table in tables:
        relation = f'"{schema}"."{table}"'
        columns = con.execute(f"describe {relation}").fetchall()
        header = ",".join(f"{name} {data_type}" for name, data_type, *_ in columns)
        row = con.execute(
            f"select md5(? || chr(10) || coalesce(string_agg(cast(t as varchar), chr(10) "
            f"order by cast(t as varchar)), '')) from {relation} as t",
            [header],
        ).fetchone()
        hashes[table] = str(row[0]) if row else ""
    return hashes
