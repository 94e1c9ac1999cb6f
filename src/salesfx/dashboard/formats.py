"""How the dashboard writes numbers: one formatter per kind of measure.

Rates are fractions in the marts (docs/kpis.md) and shown as percentages; their changes are shown in
percentage points. Nothing here computes a KPI: values come from the marts as they are.
"""

from __future__ import annotations

import math
from typing import Literal

Format = Literal["count", "rate", "growth", "usd", "minutes", "days", "number"]

MISSING = "—"


def is_missing(value: object) -> bool:
    """True for None and NaN (a rate whose denominator is zero)."""
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def format_value(value: object, fmt: Format) -> str:
    """A measure's value as shown on a card or in a table."""
    if is_missing(value):
        return MISSING
    number = float(value)  # type: ignore[arg-type]
    if fmt == "count":
        return f"{number:,.0f}"
    if fmt == "rate":
        return f"{number * 100:.1f}%"
    if fmt == "growth":
        return f"{number * 100:+.1f}%"
    if fmt == "usd":
        return f"${number:,.0f}"
    if fmt == "minutes":
        return _minutes(number)
    if fmt == "days":
        return f"{number:,.1f} days"
    return f"{number:,.2f}"


def format_delta(delta: float, fmt: Format) -> str:
    """A change between two periods, signed; rates change in percentage points."""
    if fmt in ("rate", "growth"):
        return f"{delta * 100:+.1f} pp"
    if fmt == "count":
        return f"{delta:+,.0f}"
    if fmt == "usd":
        sign = "-" if delta < 0 else "+"
        return f"{sign}${abs(delta):,.0f}"
    if fmt == "minutes":
        sign = "-" if delta < 0 else "+"
        return f"{sign}{_minutes(abs(delta))}"
    if fmt == "days":
        return f"{delta:+,.1f} days"
    return f"{delta:+,.2f}"


def axis_format(fmt: Format) -> str:
    """The d3 format of a chart axis for this kind of measure."""
    return {
        "count": ",.0f",
        "rate": ".0%",
        "growth": "+.0%",
        "usd": "$,.0f",
        "minutes": ",.0f",
        "days": ",.0f",
        "number": ",.2f",
    }[fmt]


def _minutes(value: float) -> str:
    if value < 120:
        return f"{value:,.0f} min"
    if value < 48 * 60:
        return f"{value / 60:,.1f} h"
    return f"{value / 1440:,.1f} days"
