"""Bend classes about values and columns: text shapes, extra columns, null booleans and a
loader that writes everything as text."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from salesfx.generator.bend.common import Context, Tables, current_rows, share
from salesfx.generator.model import plus
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
from salesfx.generator.writer import format_value

# --- text_shapes ---------------------------------------------------------------------------

UNICODE_NAMES = (
    ("José", "Núñez"),
    ("Zoë", "Müller-Lüdenscheidt"),
    ("Søren", "Ødegård"),
    ("Łukasz", "Wiśniewski"),
    ("Nguyễn", "Thị Ánh"),
    ("伟", "王"),
    ("花子", "佐藤"),
    ("민준", "김"),
    ("Ana 🚀", "Silva ✨"),
    ("Max 😀", "Power 💼"),
)
UNICODE_COMPANIES = (
    "Müller & Söhne GmbH",
    "Société Générale d'Équipement",
    "株式会社サンプル",
    "北京数据科技有限公司",
    "Café ☕ Labs",
    "Łódź Logistyka Sp. z o.o.",
)
UNICODE_SHARE = 0.04
LONG_SHARE = 0.005
HTML_SHARE = 0.15
LONG_FILLER = " and Associates International Holdings"


def long_text(base: str) -> str:
    """A name pasted with far too much text (> 1,000 characters)."""
    repeats = 1 + 1000 // len(LONG_FILLER)
    return base + LONG_FILLER * repeats


def html_body(text: str) -> str:
    """'<p>Hi Anna,</p><p>...</p>': every line of the plain body as an HTML paragraph."""
    return "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in text.split("\n"))


def text_shapes(tables: Tables, context: Context) -> None:
    """Unicode names (accents, CJK, emoji) and names over 1,000 characters on some leads,
    contacts and accounts; HTML bodies on some outgoing emails."""
    rng = context.rng("text_shapes")
    for key, name_columns in (
        ("salesforce.lead", ("first_name", "last_name", "company")),
        ("salesforce.contact", ("first_name", "last_name", None)),
        ("salesforce.account", (None, None, "name")),
    ):
        rows = tables.get(key)
        if not rows:
            continue
        ids = sorted(current_rows(rows))
        changes: dict[str, dict[str, str]] = {}
        first, last, company = name_columns
        for row_id in share(rng, ids, UNICODE_SHARE):
            change = {}
            if first and last:
                change[first], change[last] = UNICODE_NAMES[rng.randrange(len(UNICODE_NAMES))]
            if company and (not first or rng.random() < 0.3):
                change[company] = UNICODE_COMPANIES[rng.randrange(len(UNICODE_COMPANIES))]
            changes[row_id] = change
        for row_id in share(rng, ids, LONG_SHARE):
            column = company or last
            assert column is not None
            changes.setdefault(row_id, {})[column] = "long"
        for row in rows:
            for column, value in changes.get(row["id"], {}).items():
                row[column] = long_text(row[column] or "") if value == "long" else value
    messages = tables.get("salesforce.email_message")
    if messages:
        outgoing = [row for row in messages if row["incoming"] is False and row["text_body"]]
        for row in share(rng, outgoing, HTML_SHARE):
            row["text_body"] = html_body(row["text_body"])


# --- extra_columns -------------------------------------------------------------------------

_SYSTEM_MODSTAMP = Column(
    "system_modstamp", TIMESTAMP, "Not in the contract: when Salesforce last changed the row."
)
_CUSTOM_FIELD = Column("custom_field_c", VARCHAR, "Not in the contract: a custom field.")
_FIVETRAN_DELETED = Column(
    "_fivetran_deleted", BOOLEAN, "Not in the contract: the loader's hard-delete flag."
)
_METADATA = Column("metadata", VARCHAR, "Not in the contract: billing metadata (JSON).")
EXTRA_SALESFORCE_TABLES = (
    "salesforce.lead",
    "salesforce.account",
    "salesforce.opportunity",
    "salesforce.task",
)
CUSTOM_VALUES = ("Tier 1", "Tier 2", "Tier 3", None)


def with_extra_columns(table: Table) -> Table:
    """The table as a loader that also syncs columns the contract does not list writes it."""
    if table.key in EXTRA_SALESFORCE_TABLES:
        columns = list(table.columns)
        synced = table.column_names.index("_fivetran_synced")
        columns[synced:synced] = [_SYSTEM_MODSTAMP, _CUSTOM_FIELD]
        return replace(table, columns=(*columns, _FIVETRAN_DELETED))
    if table.key == "billing.subscription":
        return replace(table, columns=(*table.columns, _METADATA))
    return table


def extra_columns(tables: Tables, context: Context) -> None:
    """system_modstamp, custom_field_c and _fivetran_deleted on leads, accounts, opportunities
    and tasks; metadata on subscriptions."""
    rng = context.rng("extra_columns")
    for key in EXTRA_SALESFORCE_TABLES:
        for row in tables.get(key, []):
            synced = row["_fivetran_synced"]
            stamp = None
            if synced is not None:
                stamp = plus(synced, minutes=-rng.uniform(1, 120))
                if row["created_date"] is not None:
                    stamp = max(stamp, row["created_date"])
            row["system_modstamp"] = stamp
            row["custom_field_c"] = CUSTOM_VALUES[rng.randrange(len(CUSTOM_VALUES))]
            row["_fivetran_deleted"] = False
    for row in tables.get("billing.subscription", []):
        row["metadata"] = f'{{"plan": "{row["plan_interval"]}", "source": "crm"}}'


# --- null_booleans -------------------------------------------------------------------------

NULL_SHARE = 0.3


def null_booleans(tables: Tables, context: Context) -> None:
    """NULL where null must mean false: is_deleted on not-deleted rows, is_bounced on emails that
    did not bounce, incoming on outgoing emails."""
    rng = context.rng("null_booleans")
    for key in sorted(tables):
        rows = tables[key]
        if not rows or "is_deleted" not in rows[0]:
            continue
        for row in rows:
            if row["is_deleted"] is False and rng.random() < NULL_SHARE:
                row["is_deleted"] = None
    for row in tables.get("salesforce.email_message", []):
        if row["is_bounced"] is False and rng.random() < NULL_SHARE:
            row["is_bounced"] = None
        if row["incoming"] is False and rng.random() < NULL_SHARE:
            row["incoming"] = None


# --- loader_text ---------------------------------------------------------------------------

TRUE_TEXTS = ("true", "1", "t", "yes")
FALSE_TEXTS = ("false", "0", "f", "no")
OFFSETS = (timedelta(hours=2), timedelta(hours=-5), timedelta(hours=9), timedelta(minutes=330))


def timestamp_text(value: datetime, style: int) -> str:
    """The same instant (UTC) as a loader writes it."""
    if style == 0:
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if style == 1:
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if style == 2:
        return value.strftime("%Y-%m-%dT%H:%M:%S.000+0000")
    offset = OFFSETS[style - 3]
    local = value + offset
    sign = "+" if offset >= timedelta(0) else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return local.strftime("%Y-%m-%dT%H:%M:%S") + f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


TIMESTAMP_STYLES = 3 + len(OFFSETS)


def date_text(value: date, style: int) -> str:
    return value.isoformat() if style == 0 else f"{value.isoformat()} 00:00:00"


def loader_text(tables: Tables, context: Context) -> None:
    """Every value as text, styles mixed row by row: timestamps with 'T' and 'Z', with
    '.000+0000' or with an offset (the same instant), dates as midnight timestamps, booleans as
    true/1/t/yes and false/0/f/no."""
    rng = context.rng("loader_text")
    for key in sorted(tables):
        table = context.schema[key]
        converters = [(column.name, _converter(column)) for column in table.columns]
        for row in tables[key]:
            styles = (rng.randrange(TIMESTAMP_STYLES), rng.randrange(2), rng.randrange(4))
            for name, convert in converters:
                value = row.get(name)
                row[name] = None if value is None else convert(value, styles)


def _converter(column: Column) -> Callable[[Any, tuple[int, int, int]], str]:
    if column.type == TIMESTAMP:
        return lambda value, styles: timestamp_text(value, styles[0])
    if column.type == DATE:
        return lambda value, styles: date_text(value, styles[1])
    if column.type == BOOLEAN:
        return lambda value, styles: (TRUE_TEXTS if value else FALSE_TEXTS)[styles[2]]
    assert column.type in (VARCHAR, DOUBLE, INTEGER)
    return lambda value, styles: format_value(column, value)
