"""Reading the kpi_ marts from the built warehouse (read-only) and slicing them for a view.

Pure pandas: no Streamlit here, so that the slicing is easy to test. Every value shown comes from
a mart row as it is; this module only filters and orders rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from salesfx import registry
from salesfx.registry import COMPANY, KPI_SHAPE, Registry
from salesfx.warehouse import MARTS_SCHEMA, connect_read_only, table_columns

GRAINS: tuple[str, ...] = ("month", "quarter", "year")
KEY_COLUMNS: tuple[str, ...] = KPI_SHAPE
# Display order of segment types (docs/kpis.md); a type not listed here comes last.
SEGMENT_TYPE_ORDER: tuple[str, ...] = (
    "company",
    "sales_region",
    "sales_team",
    "sales_rep",
    "warmth",
    "form_type",
    "response_time_bucket",
    "product_family",
    "product",
    "sales_channel",
    "country",
)
SEGMENT_TYPE_LABELS: dict[str, str] = {
    "company": "Company",
    "sales_region": "Sales region",
    "sales_team": "Sales team",
    "sales_rep": "Sales rep",
    "warmth": "Lead warmth",
    "form_type": "Form type",
    "response_time_bucket": "Response time",
    "product_family": "Product family",
    "product": "Product",
    "sales_channel": "Sales channel",
    "country": "Country",
}


class WarehouseBusyError(RuntimeError):
    """Raised when another process (a dbt build) holds the warehouse file."""


@dataclass(frozen=True)
class Periods:
    """The latest complete period of a grain and the one before it (company calendar).

    For a measure that matures (registry `matures_with`), `latest` is the latest complete period
    whose flag is false, and `maturing` the complete periods after it (still maturing)."""

    latest: pd.Timestamp | None
    previous: pd.Timestamp | None
    maturing: tuple[pd.Timestamp, ...] = ()


def _connect(path: Path) -> duckdb.DuckDBPyConnection:
    try:
        return connect_read_only(path)
    except duckdb.IOException as error:
        raise WarehouseBusyError(
            f"Cannot open {path} read-only ({error}). Another process, probably a dbt build, "
            "holds it: reload the page when it is done."
        ) from error


def load_registry(path: Path, schema: str = MARTS_SCHEMA) -> Registry:
    """The KPI registry: the warehouse's dim_kpi_measures, else dbt's manifest (RegistryError)."""
    with _connect(path) as con:
        return registry.load(con, schema)


def load_mart(path: Path, mart: str, schema: str = MARTS_SCHEMA) -> pd.DataFrame | None:
    """All rows of a mart, or None when the mart is not in the warehouse."""
    with _connect(path) as con:
        if not table_columns(con, schema, mart):
            return None
        frame = con.execute(f'select * from "{schema}"."{mart}"').df()
    frame["period_start"] = pd.to_datetime(frame["period_start"])
    return frame


def segment_types(frame: pd.DataFrame) -> list[str]:
    """The segment types of a mart, company first."""
    present = set(frame["segment_type"].dropna().unique())
    known = [kind for kind in SEGMENT_TYPE_ORDER if kind in present]
    return known + sorted(present - set(known))


def segment_type_label(segment_type: str) -> str:
    return SEGMENT_TYPE_LABELS.get(segment_type, segment_type.replace("_", " ").capitalize())


def segment_values(frame: pd.DataFrame, segment_type: str) -> dict[str, str]:
    """segment_value -> segment_label of a segment type, ordered by label."""
    rows = frame.loc[frame["segment_type"] == segment_type, ["segment_value", "segment_label"]]
    rows = rows.drop_duplicates("segment_value")
    labels = rows["segment_label"].fillna(rows["segment_value"]).astype(str)
    pairs = sorted(zip(rows["segment_value"].astype(str), labels, strict=True), key=lambda p: p[1])
    return dict(pairs)


def company_periods(frame: pd.DataFrame, grain: str, matures_with: str | None = None) -> Periods:
    """The latest complete period of the grain and the one before, from the company rows.

    With `matures_with` (a boolean column of the mart, true while the period's outcome window is
    still open), the latest complete period where it is false; when the mart does not have that
    column (yet), the latest complete period."""
    company = frame[
        (frame["segment_type"] == COMPANY)
        & (frame["period_grain"] == grain)
        & frame["is_complete_period"].astype(bool)
    ].sort_values("period_start")
    starts = [pd.Timestamp(start) for start in company["period_start"].unique()]
    maturing: list[pd.Timestamp] = []
    if matures_with and matures_with in company.columns:
        flagged = company.loc[company[matures_with].fillna(False).astype(bool), "period_start"]
        maturing = sorted({pd.Timestamp(start) for start in flagged})
        settled = [start for start in starts if start not in set(maturing)]
        # maturing periods are the newest ones: what comes after the latest settled period
        maturing = [start for start in maturing if not settled or start > settled[-1]]
        starts = settled
    latest = starts[-1] if starts else None
    previous = starts[-2] if len(starts) > 1 else None
    return Periods(latest, previous, tuple(maturing))


def series(
    frame: pd.DataFrame,
    grain: str,
    segment_type: str,
    segment_value: str,
    include_running: bool = False,
) -> pd.DataFrame:
    """The rows of one segment at one grain, oldest period first."""
    rows = frame[
        (frame["period_grain"] == grain)
        & (frame["segment_type"] == segment_type)
        & (frame["segment_value"].astype(str) == segment_value)
    ]
    if not include_running:
        rows = rows[rows["is_complete_period"].astype(bool)]
    return rows.sort_values("period_start").reset_index(drop=True)


def row_at(rows: pd.DataFrame, period_start: pd.Timestamp | None) -> pd.Series | None:
    """The row of a period, or None when the segment has no row then."""
    if period_start is None:
        return None
    match = rows[rows["period_start"] == period_start]
    return None if match.empty else match.iloc[0]


def segment_table(
    frame: pd.DataFrame, grain: str, segment_type: str, period_start: pd.Timestamp
) -> pd.DataFrame:
    """Every segment of a type in one period (a leaderboard)."""
    rows = frame[
        (frame["period_grain"] == grain)
        & (frame["segment_type"] == segment_type)
        & (frame["period_start"] == period_start)
    ]
    return rows.reset_index(drop=True)


def period_label(period_start: pd.Timestamp, grain: str) -> str:
    """'Dec 2025', 'Q4 2025' or '2025'."""
    if grain == "quarter":
        return f"Q{period_start.quarter} {period_start.year}"
    if grain == "year":
        return str(period_start.year)
    return period_start.strftime("%b %Y")
