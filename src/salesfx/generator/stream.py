"""Generate the company chunk by chunk and write every chunk as soon as it is made.

Memory is bounded by a chunk (config.CHUNK_SCALE), not by the company: a chunk is generated,
optionally bent, rendered (CSV text / Arrow tables) and handed to the table sinks, which append it.
With several jobs the chunks are made in worker processes and written in chunk order, so the
output does not depend on the number of jobs.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from salesfx.generator import bend
from salesfx.generator.build import SPEND, company_spend, generate_chunk
from salesfx.generator.config import GeneratorConfig
from salesfx.generator.finance import Booking, RepSpan
from salesfx.generator.model import Row
from salesfx.generator.schema import Table
from salesfx.generator.writer import (
    CsvSink,
    ParquetSink,
    arrow_schema,
    arrow_table,
    csv_body,
)

FORMATS: dict[str, tuple[str, ...]] = {
    "csv": ("csv",),
    "parquet": ("parquet",),
    "both": ("csv", "parquet"),
}


@dataclass(frozen=True)
class OutputSpec:
    """Where and how to write: formats ('csv', 'parquet') and the bend classes (may be empty)."""

    folder: Path
    formats: tuple[str, ...] = ("csv",)
    bends: tuple[str, ...] = ()

    @property
    def tables(self) -> tuple[Table, ...]:
        return bend.output_tables(self.bends)

    @property
    def text(self) -> bool:
        return bend.writes_text(self.bends)


@dataclass
class Rendered:
    """A chunk ready to write, and what the company-wide spend needs from it."""

    counts: dict[str, int]
    csv: dict[str, str] = field(default_factory=dict)
    arrow: dict[str, pa.Table] = field(default_factory=dict)
    reps: list[RepSpan] = field(default_factory=list)
    bookings: list[Booking] = field(default_factory=list)


def render(spec: OutputSpec, tables: dict[str, list[Row]]) -> Rendered:
    rendered = Rendered(counts={})
    for table in spec.tables:
        rows = tables.get(table.key)
        if rows is None:
            continue
        rendered.counts[table.key] = len(rows)
        if "csv" in spec.formats:
            rendered.csv[table.key] = csv_body(table, rows)
        if "parquet" in spec.formats:
            rendered.arrow[table.key] = arrow_table(table, rows, spec.text)
    return rendered


def render_chunk(config: GeneratorConfig, spec: OutputSpec) -> Rendered:
    chunk = generate_chunk(config)
    if spec.bends:
        bend.apply(chunk.tables, config, spec.bends, part=f"chunk{config.chunk}")
    rendered = render(spec, chunk.tables)
    rendered.reps, rendered.bookings = chunk.reps, chunk.bookings
    return rendered


def _render_job(args: tuple[GeneratorConfig, OutputSpec]) -> Rendered:
    return render_chunk(*args)


def rendered_chunks(config: GeneratorConfig, spec: OutputSpec, jobs: int) -> Iterator[Rendered]:
    """Every chunk rendered, in chunk order. With several jobs at most 2 x jobs chunks are in
    flight (running, queued or done and waiting to be written), and the next chunk is queued
    before a finished one is handed over, so the workers never wait for the writing."""
    configs = config.chunked()
    if jobs <= 1 or len(configs) == 1:
        for chunk_config in configs:
            yield render_chunk(chunk_config, spec)
        return
    # Forked now, while this process is small; the workers live for the whole run.
    context = multiprocessing.get_context("fork")
    with context.Pool(processes=jobs) as pool:
        queue = iter(configs)
        pending: deque[Any] = deque()

        def submit() -> None:
            chunk_config = next(queue, None)
            if chunk_config is not None:
                pending.append(pool.apply_async(_render_job, ((chunk_config, spec),)))

        for _ in range(2 * jobs):
            submit()
        while pending:
            rendered = pending.popleft().get()
            submit()
            yield rendered


class Sinks:
    """The open files of every table in every format."""

    def __init__(self, spec: OutputSpec) -> None:
        self.csv: dict[str, CsvSink] = {}
        self.parquet: dict[str, ParquetSink] = {}
        for table in spec.tables:
            base = spec.folder / table.source / table.name
            if "csv" in spec.formats:
                self.csv[table.key] = CsvSink(base.with_suffix(".csv"), table)
            if "parquet" in spec.formats:
                self.parquet[table.key] = ParquetSink(base, arrow_schema(table, spec.text))

    def write(self, rendered: Rendered) -> None:
        for key, body in rendered.csv.items():
            self.csv[key].write(body)
        for key, arrow in rendered.arrow.items():
            self.parquet[key].write(arrow)

    def close(self) -> None:
        for sink in (*self.csv.values(), *self.parquet.values()):
            sink.close()


def write_company(config: GeneratorConfig, spec: OutputSpec, jobs: int = 1) -> dict[str, int]:
    """Generate and write every table; returns the row count per 'source.table'."""
    counts = {table.key: 0 for table in spec.tables}
    reps: list[RepSpan] = []
    bookings: list[Booking] = []
    sinks = Sinks(spec)
    try:
        for rendered in rendered_chunks(config, spec, jobs):
            sinks.write(rendered)
            for key, count in rendered.counts.items():
                counts[key] += count
            reps.extend(rendered.reps)
            bookings.extend(rendered.bookings)
        tables = {SPEND: company_spend(config, reps, bookings)}
        if spec.bends:
            bend.apply(tables, config.chunked()[0], spec.bends, part="spend")
        rendered = render(spec, tables)
        sinks.write(rendered)
        counts[SPEND] += rendered.counts[SPEND]
    finally:
        sinks.close()
    return counts
