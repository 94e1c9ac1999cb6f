"""How numbers are written, one rule per measure format of the KPI registry.

The formats themselves (their names and default ranges) are declared once, in the meta
`kpi_formats` of dim_kpi_measures (see `salesfx.registry`); this module only knows how to write
each of them, and a test checks that it knows every declared one. Rates and growth rates are
fractions in the marts, shown as percentages; their changes are shown in percentage points.
Nothing here computes a KPI: values come from the marts as they are.
"""

from __future__ import annotations

import math
from collections.abc import Callable

MISSING = "—"


def is_missing(value: object) -> bool:
    """True for None and NaN (a rate whose denominator is zero)."""
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def _minutes(value: float) -> str:
    if value < 120:
        return f"{value:,.0f} min"
    if value < 48 * 60:
        return f"{value / 60:,.1f} h"
    return f"{value / 1440:,.1f} days"


def _number(value: float) -> str:
    return f"{value:,.2f}"


VALUE: dict[str, Callable[[float], str]] = {
    "count": lambda v: f"{v:,.0f}",
    "rate": lambda v: f"{v * 100:.1f}%",
    "growth": lambda v: f"{v * 100:+.1f}%",
    "usd": lambda v: f"-${-v:,.0f}" if v < 0 else f"${v:,.0f}",
    "minutes": _minutes,
    "days": lambda v: f"{v:,.1f} days",
    "number": _number,
}
# d3 formats of chart axes
AXIS: dict[str, str] = {
    "count": ",.0f",
    "rate": ".0%",
    "growth": "+.0%",
    "usd": "$,.0f",
    "minutes": ",.0f",
    "days": ",.0f",
    "number": ",.2f",
}
# printf formats of Streamlit number columns (rates and growth are multiplied by 100 first)
TABLE: dict[str, str] = {
    "count": "%,d",
    "rate": "%.1f%%",
    "growth": "%+.1f%%",
    "usd": "$%,.0f",
    "minutes": "%,.0f min",
    "days": "%,.1f days",
    "number": "%,.2f",
}
# formats whose changes are in percentage points
PERCENT = frozenset({"rate", "growth"})


def format_value(value: object, fmt: str) -> str:
    """A measure's value as shown on a card, in a table or in the summary."""
    if is_missing(value):
        return MISSING
    return VALUE.get(fmt, _number)(float(value))  # type: ignore[arg-type]


def format_magnitude(delta: float, fmt: str) -> str:
    """The size of a change, unsigned: '4.6 pts' for rates, else the value's own format."""
    if fmt in PERCENT:
        return f"{abs(delta) * 100:.1f} pts"
    return VALUE.get(fmt, _number)(abs(delta))


def format_delta(delta: float, fmt: str) -> str:
    """A change between two periods, signed; rates change in percentage points."""
    if fmt in PERCENT:
        return f"{delta * 100:+.1f} pp"
    sign = "-" if delta < 0 else "+"
    if fmt == "usd":
        return f"{sign}${abs(delta):,.0f}"
    if fmt == "minutes":
        return f"{sign}{_minutes(abs(delta))}"
    if fmt == "count":
        return f"{delta:+,.0f}"
    if fmt == "days":
        return f"{delta:+,.1f} days"
    return f"{delta:+,.2f}"


def axis_format(fmt: str) -> str:
    """The d3 format of a chart axis for this kind of measure."""
    return AXIS.get(fmt, AXIS["number"])


def table_format(fmt: str) -> str:
    """The printf format of a table column for this kind of measure."""
    return TABLE.get(fmt, TABLE["number"])
