"""Write the generated tables as CSV (dbt seeds) and Parquet, chunk by chunk, reproducibly.

Layout under the output folder:
- CSV: `<source>/<table>.csv`, one file per table (header once, then every chunk's rows).
- Parquet: `<source>/<table>/part-00000.parquet`, `part-00001.parquet`, ... (typed columns,
  zstd; a part holds up to PART_ROWS rows in row groups of at least ROW_GROUP_ROWS rows).
Rendering (rows -> CSV text / Arrow table) is separate from writing so that it can run in the
worker that generated the chunk.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

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
ROW_GROUP_ROWS = 262_144
ROW_GROUP_BYTES = 48 * 1024 * 1024  # or fewer rows when they are wide (email bodies)
PART_ROWS = 2_097_152
ARROW_TYPES = {
    VARCHAR: pa.string(),
    TIMESTAMP: pa.timestamp("s"),
    DATE: pa.date32(),
    BOOLEAN: pa.bool_(),
    DOUBLE: pa.float64(),
    INTEGER: pa.int64(),
}


def format_value(column: Column, value: Any) -> str:
    """The CSV text of a value: '' for null, ISO dates, 'true'/'false', fixed decimals.
    A value that is already text (a bent export's loader text) is written as it is."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
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


_ANY_TIMESTAMP = Column("timestamp", TIMESTAMP, "")


def _timestamp_text(value: Any) -> str:
    if type(value) is datetime and not value.microsecond:
        return value.isoformat(" ")  # = TIMESTAMP_FORMAT for whole seconds, faster
    return "" if value is None else format_value(_ANY_TIMESTAMP, value)


def _column_texts(column: Column, values: tuple[Any, ...]) -> Iterable[Any]:
    """The CSV fields of one column (None is written as an empty field by the csv module)."""
    if column.type == VARCHAR:
        if all(type(value) is str or value is None for value in values):
            return values
    elif column.type == TIMESTAMP:
        return map(_timestamp_text, values)
    return [None if value is None else format_value(column, value) for value in values]


def _columns(table: Table, rows: list[Row]) -> list[tuple[Any, ...]]:
    """The values of every column of `rows` (missing keys are null)."""
    if not rows:
        return [() for _ in table.columns]
    getter = itemgetter(*table.column_names)
    try:
        values = list(map(getter, rows))
    except KeyError:
        values = [tuple(row.get(name) for name in table.column_names) for row in rows]
    if len(table.columns) == 1:  # itemgetter of one name returns the value itself
        return [tuple(values)]
    return list(zip(*values, strict=True))


def csv_header(table: Table) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(table.column_names)
    return buffer.getvalue()


def csv_body(table: Table, rows: Iterable[Row]) -> str:
    """The CSV lines of `rows` (no header), standard quoting."""
    rows = list(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    texts = [
        _column_texts(column, values)
        for column, values in zip(table.columns, _columns(table, rows), strict=True)
    ]
    writer.writerows(zip(*texts, strict=True))
    return buffer.getvalue()


def csv_text(table: Table, rows: Iterable[Row]) -> str:
    return csv_header(table) + csv_body(table, rows)


def arrow_schema(table: Table, text: bool = False) -> pa.Schema:
    """Typed columns, or every column as string (`text`: a loader that wrote everything as text)."""
    return pa.schema(
        [pa.field(c.name, pa.string() if text else ARROW_TYPES[c.type]) for c in table.columns]
    )


def arrow_table(table: Table, rows: list[Row], text: bool = False) -> pa.Table:
    columns = {}
    for column, values in zip(table.columns, _columns(table, rows), strict=True):
        if text:
            values = [None if v is None else format_value(column, v) for v in values]
        elif column.type == DOUBLE:
            values = [None if v is None else round(float(v), column.decimals) for v in values]
        columns[column.name] = list(values)
    return pa.table(columns, schema=arrow_schema(table, text))


class CsvSink:
    """One CSV file per table: the header, then each chunk's lines appended."""

    def __init__(self, path: Path, table: Table) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file: IO[str] = path.open("w", encoding="utf-8", newline="")
        self._file.write(csv_header(table))

    def write(self, body: str) -> None:
        self._file.write(body)

    def close(self) -> None:
        self._file.close()


class ParquetSink:
    """A folder of part files per table; chunks are buffered into row groups of at least
    ROW_GROUP_ROWS rows (or ROW_GROUP_BYTES of Arrow data), and a new part starts after
    PART_ROWS rows (deterministic: the boundaries depend only on the data)."""

    def __init__(self, folder: Path, schema: pa.Schema) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("part-*.parquet"):
            stale.unlink()
        self._folder = folder
        self._schema = schema
        self._buffer: list[pa.Table] = []
        self._buffered = 0
        self._buffered_bytes = 0
        self._writer: pq.ParquetWriter | None = None
        self._parts = 0
        self._part_rows = 0

    def write(self, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        self._buffer.append(table)
        self._buffered += table.num_rows
        self._buffered_bytes += table.nbytes
        if self._buffered >= ROW_GROUP_ROWS or self._buffered_bytes >= ROW_GROUP_BYTES:
            self._flush()

    def close(self) -> None:
        self._flush()
        if self._writer is None:  # an empty table still gets its (empty) first part
            self._open_part()
        assert self._writer is not None
        self._writer.close()

    def _flush(self) -> None:
        if not self._buffer:
            return
        group = pa.concat_tables(self._buffer)
        self._buffer, self._buffered, self._buffered_bytes = [], 0, 0
        if self._writer is None or self._part_rows >= PART_ROWS:
            self._open_part()
        assert self._writer is not None
        self._writer.write_table(group, row_group_size=group.num_rows)
        self._part_rows += group.num_rows

    def _open_part(self) -> None:
        if self._writer is not None:
            self._writer.close()
        path = self._folder / f"part-{self._parts:05d}.parquet"
        self._writer = pq.ParquetWriter(
            path, self._schema, compression="zstd", write_statistics=False
        )
        self._parts += 1
        self._part_rows = 0


def write_csv(path: Path, table: Table, rows: list[Row]) -> None:
    """A whole table as one CSV file (small tables, tests)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(csv_text(table, rows), encoding="utf-8", newline="")
