"""`--bend`: the same company exported the way real orgs' exports differ from the demo.

Each class is a deterministic post-processing of the generated rows (its own random stream per
chunk), applied chunk by chunk in a fixed order whatever the order on the command line. Every
class keeps what a build must find unchanged: the as-of date, every rep's team and region, the
monthly lead requests and the monthly recognized revenue in USD (docs/demo-data.md, "Bent
exports").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from salesfx.generator.bend import dates, money, owners, records, values
from salesfx.generator.bend.common import Context, Tables
from salesfx.generator.config import GeneratorConfig
from salesfx.generator.schema import TABLES, Table

BendFunction = Callable[[Tables, Context], None]

# In the order they are applied: the ones that add or change rows first, then the value shapes,
# the loader's text last.
CLASSES: dict[str, BendFunction] = {
    "queue_owners": owners.queue_owners,
    "deep_roles": owners.deep_roles,
    "planned_dates": dates.planned_dates,
    "converted_to_existing_contacts": records.converted_to_existing_contacts,
    "renamed_stages": records.renamed_stages,
    "credit_notes": money.credit_notes,
    "non_usd_corporate": money.non_usd_corporate,
    "text_shapes": values.text_shapes,
    "extra_columns": values.extra_columns,
    "null_booleans": values.null_booleans,
    "loader_text": values.loader_text,
}
ALL = "all"


def parse(text: str) -> tuple[str, ...]:
    """'all' or comma-separated class names -> the classes in their order of application."""
    names = {name.strip() for name in text.split(",") if name.strip()}
    if ALL in names:
        return tuple(CLASSES)
    unknown = sorted(names - set(CLASSES))
    if unknown:
        raise ValueError(
            f"unknown bend class {', '.join(unknown)}; choose from {', '.join(CLASSES)} or all"
        )
    return tuple(name for name in CLASSES if name in names)


def output_tables(classes: tuple[str, ...]) -> tuple[Table, ...]:
    """The tables as the bent export writes them (extra columns, more decimals for rates)."""
    tables = []
    for table in TABLES:
        if "extra_columns" in classes:
            table = values.with_extra_columns(table)
        if "non_usd_corporate" in classes and table.key == money.RATES:
            columns = tuple(
                replace(column, decimals=money.RATE_DECIMALS)
                if column.name == "conversion_rate"
                else column
                for column in table.columns
            )
            table = replace(table, columns=columns)
        tables.append(table)
    return tuple(tables)


def writes_text(classes: tuple[str, ...]) -> bool:
    """Whether every column is text (loader_text): Parquet then has only string columns."""
    return "loader_text" in classes


def apply(tables: Tables, config: GeneratorConfig, classes: tuple[str, ...], part: str) -> None:
    """Bend one chunk's tables (or the spend: part 'spend') in place."""
    schema = {table.key: table for table in output_tables(classes)}
    context = Context(config, part, schema)
    for name, function in CLASSES.items():
        if name in classes:
            function(tables, context)
