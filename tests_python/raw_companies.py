"""Hypothesis strategies: random companies within the raw contract (raw_contract.sql).

A company is every raw table of the contract with a few rows. Values stay within each column's
contract type and go to its edges: null, '' and whitespace, 10,000-character strings, Unicode,
dates and timestamps in 1900 and 2100, amounts huge (1e15), zero and negative, integers at the
32-bit edges. Ids come from one small pool shared by every table, so ids collide within a table
(duplicates, re-syncs) and across tables (an id that is a user, a lead and an account), and
references (owner_id, account_id, who_id...) find rows. Besides the drawn rows, every table gets
one row whose columns are all null but its id, and one row at the edges (1900 / 2100, huge or
negative amounts, '' or 10,000 characters), so that every example has every nullable column
null somewhere. Other text columns draw often from the demo seeds' values (stage names, form
types, currencies, countries...) so that joins and mappings are exercised too.

`load_company()` writes a company into a DuckDB file as typed tables, or as all-text tables (a
loader that keeps text: the staging models parse it).
"""

from __future__ import annotations

import ast
import csv
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
from hypothesis import strategies as st

PROJECT_DIR = Path(__file__).resolve().parents[1]
CONTRACT_FILE = PROJECT_DIR / "macros" / "staging" / "raw_contract.sql"
SOURCES = ("salesforce", "marketing", "billing", "finance")
LONG = 10_000
ID_POOL: tuple[str, ...] = (
    "001A",
    "001B",
    "003C",
    "005D",
    "006E",
    "00QF",
    "1",
    "x" * LONG,
)
EDGE_DATES = (date(1900, 1, 1), date(2100, 12, 31))
EDGE_NUMBERS = (0.0, -1.0, -1e12, 1e15, 1e-9)
SQL_TYPES = {
    "text": "varchar",
    "boolean": "boolean",
    "date": "date",
    "timestamp": "timestamp",
    "number": "double",
    "integer": "bigint",
}


@cache
def raw_contract() -> dict[str, dict[str, dict[str, Any]]]:
    """The raw contract: {source: {table: {'columns': {name: type}, 'optional': [...]}}}."""
    text = CONTRACT_FILE.read_text(encoding="utf-8")
    body = text[text.index("return(") + len("return(") : text.rindex(") }}")]
    return dict(ast.literal_eval(body))


@cache
def demo_values(source: str, table: str) -> dict[str, tuple[str, ...]]:
    """Up to 12 distinct non-empty values of each column of the demo seed of a raw table."""
    path = PROJECT_DIR / "seeds" / "raw" / source / f"{table}.csv"
    values: dict[str, list[str]] = {}
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for column, value in row.items():
                seen = values.setdefault(column, [])
                if value and value not in seen and len(seen) < 12:
                    seen.append(value)
    return {column: tuple(seen) for column, seen in values.items()}


def is_id(column: str) -> bool:
    return column == "id" or column.endswith("_id")


def _long_text() -> st.SearchStrategy[str]:
    return st.sampled_from(("a", "é", "漢", " ", "<b>")).map(lambda c: (c * LONG)[:LONG])


def text_values(column: str, seeds: tuple[str, ...]) -> st.SearchStrategy[str | None]:
    if is_id(column):
        return st.one_of(st.sampled_from(ID_POOL), st.just(""), st.none())
    choices: list[st.SearchStrategy[str | None]] = [
        st.none(),
        st.sampled_from(("", "   ", "NULL", "n/a")),
        st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12),
        _long_text(),
    ]
    if seeds:
        choices += [st.sampled_from(seeds)] * 4  # mostly values the rules know
    return st.one_of(*choices)


def date_values() -> st.SearchStrategy[date | None]:
    return st.one_of(
        st.none(),
        st.sampled_from(EDGE_DATES),
        st.dates(date(2023, 1, 1), date(2025, 12, 31)),
        st.dates(date(2023, 1, 1), date(2025, 12, 31)),
        st.dates(date(1900, 1, 1), date(2100, 12, 31)),
    )


def timestamp_values() -> st.SearchStrategy[datetime | None]:
    return st.one_of(
        st.none(),
        st.sampled_from(EDGE_DATES).map(lambda d: datetime(d.year, d.month, d.day, 23, 59, 59)),
        st.datetimes(datetime(2023, 1, 1), datetime(2025, 12, 31)),
        st.datetimes(datetime(2023, 1, 1), datetime(2025, 12, 31)),
        st.datetimes(datetime(1900, 1, 1), datetime(2100, 12, 31)),
    )


def number_values(seeds: tuple[str, ...]) -> st.SearchStrategy[float | None]:
    numbers = [float(v) for v in seeds if _is_float(v)]
    choices: list[st.SearchStrategy[float | None]] = [
        st.none(),
        st.sampled_from(EDGE_NUMBERS),
        st.floats(-1e15, 1e15, allow_nan=False, allow_infinity=False),
        st.floats(0, 100_000, allow_nan=False, allow_infinity=False),
    ]
    if numbers:
        choices += [st.sampled_from(numbers)] * 2
    return st.one_of(*choices)


def integer_values() -> st.SearchStrategy[int | None]:
    return st.one_of(
        st.none(),
        st.sampled_from((0, -1, 2**31 - 1, -(2**31))),
        st.integers(0, 10_000),
    )


def _is_float(value: str) -> bool:
    try:
        return math.isfinite(float(value))
    except ValueError:
        return False


def column_values(column: str, column_type: str, seeds: tuple[str, ...]) -> st.SearchStrategy[Any]:
    if column_type == "text":
        return text_values(column, seeds)
    if column_type == "boolean":
        return st.one_of(st.none(), st.booleans())
    if column_type == "date":
        return date_values()
    if column_type == "timestamp":
        return timestamp_values()
    if column_type == "number":
        return number_values(seeds)
    return integer_values()


def edge_value(column: str, column_type: str, pick: int) -> Any:
    """A value at the edge of the column's type (`pick` chooses among them)."""
    if is_id(column):
        return ID_POOL[pick % len(ID_POOL)]
    if column_type == "text":
        return ("", "x" * LONG)[pick % 2]
    if column_type == "boolean":
        return bool(pick % 2)
    if column_type == "date":
        return EDGE_DATES[pick % 2]
    if column_type == "timestamp":
        day = EDGE_DATES[pick % 2]
        return datetime(day.year, day.month, day.day) + timedelta(hours=12)
    if column_type == "number":
        return EDGE_NUMBERS[pick % len(EDGE_NUMBERS)]
    return (0, -1, 2**31 - 1)[pick % 3]


@dataclass(frozen=True)
class RawTable:
    source: str
    name: str
    columns: dict[str, str]  # name -> contract type, the columns the loader wrote
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class Company:
    tables: tuple[RawTable, ...]
    as_text: bool  # every column loaded as text

    @property
    def row_count(self) -> int:
        return sum(len(table.rows) for table in self.tables)


@st.composite
def raw_tables(draw: st.DrawFn, source: str, name: str, max_rows: int) -> RawTable:
    contract = raw_contract()[source][name]
    columns: dict[str, str] = dict(contract["columns"])
    for optional in contract.get("optional", []):
        if draw(st.booleans()):
            del columns[optional]  # an org without that custom field
    seeds = demo_values(source, name)
    row = st.tuples(*(column_values(c, t, seeds.get(c, ())) for c, t in columns.items()))
    rows = draw(st.lists(row, max_size=max_rows))
    id_column = next(iter(columns))
    pick = draw(st.integers(0, 29))
    # every nullable column null somewhere, and every column at an edge somewhere
    nulls = tuple(draw(st.sampled_from(ID_POOL)) if c == id_column else None for c in columns)
    edges = tuple(edge_value(c, t, pick + i) for i, (c, t) in enumerate(columns.items()))
    return RawTable(source, name, columns, (*rows, nulls, edges))


@st.composite
def companies(draw: st.DrawFn, max_rows: int = 4) -> Company:
    """A random company: every raw table of the contract, 2 to max_rows + 2 rows each."""
    tables = tuple(
        draw(raw_tables(source, name, max_rows))
        for source in SOURCES
        for name in raw_contract()[source]
    )
    return Company(tables, draw(st.booleans()))


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def load_company(warehouse: Path, company: Company, schema_prefix: str) -> str:
    """Write the company's raw tables into <prefix>_<source> schemas of a DuckDB file; returns
    the dbt vars that point the four sources at them."""
    with duckdb.connect(str(warehouse)) as con:
        for source in SOURCES:
            con.execute(f"create schema if not exists {schema_prefix}_{source}")
        for table in company.tables:
            relation = f'{schema_prefix}_{table.source}."{table.name}"'
            types = {
                c: ("varchar" if company.as_text else SQL_TYPES[t])
                for c, t in table.columns.items()
            }
            con.execute(
                f"create table {relation} ("
                + ", ".join(f'"{c}" {sql_type}' for c, sql_type in types.items())
                + ")"
            )
            rows = [
                tuple(_as_text(v) for v in row) if company.as_text else row for row in table.rows
            ]
            if rows:
                placeholders = ", ".join("?" for _ in table.columns)
                con.executemany(f"insert into {relation} values ({placeholders})", rows)
    return "{" + ", ".join(f"{s}_schema: {schema_prefix}_{s}" for s in SOURCES) + "}"
