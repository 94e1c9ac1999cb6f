"""Write the generated tables as CSV (dbt seeds) and Parquet, byte-for-byte reproducibly."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from salesfx.generator.model import Row
from salesfx.generator.schema import (
    BOOLEAN,
    DATE,
    DOUBLE,
    INTEGER,
    TIMESTAMP,
    VARCHAR,
    Column,
    Table,
)

TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"


def format_value(column: Column, value: Any) -> str:
    """The CSV text of a value: '' for null, ISO dates, 'true'/'false', fixed decimals."""
    if value is None:
        return ""
    if column.type == TIMESTAMP:
        assert isinstance(value, datetime), (column.name, value)
        return value.strftime(TIMESTAMP_FORMAT)
    if column.type == DATE:
        assert isinstance(value, date) and not isinstance(value, datetime), (column.name, value)
        return value.isoformat()
    if column.type == BOOLEAN:
        return "true" if value else "false"
    if column.type == DOUBLE:
        text = f"{float(value):.{column.decimals}f}"
        return "0." + "0" * column.decimals if text.strip("-0.") == "" else text
    if column.type == INTEGER:
        return str(int(value))
    assert column.type == VARCHAR
    return str(value)


def csv_text(table: Table, rows: Iterable[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(table.column_names)
    for row in rows:
        writer.writerow([format_value(column, row[column.name]) for column in table.columns])
    return buffer.getvalue()


def write_csv(path: Path, table: Table, rows: list[Row]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(csv_text(table, rows), encoding="utf-8", newline="")


def write_parquet(path: Path, table: Table, rows: list[Row]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow_types = {
        VARCHAR: pa.string(),
        TIMESTAMP: pa.timestamp("s"),
        DATE: pa.date32(),
        BOOLEAN: pa.bool_(),
        DOUBLE: pa.float64(),
        INTEGER: pa.int64(),
    }
    schema = pa.schema([pa.field(c.name, arrow_types[c.type]) for c in table.columns])
    columns = {}
    for column in table.columns:
        values = [row[column.name] for row in rows]
        if column.type == DOUBLE:
            values = [None if v is None else round(float(v), column.decimals) for v in values]
        columns[column.name] = values
    arrow_table = pa.table(columns, schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(arrow_table, path, compression="zstd", write_statistics=False)
