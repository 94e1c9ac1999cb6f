"""Bend class planned_dates: placeholder close dates and subscriptions scheduled to end."""

from __future__ import annotations

from datetime import date, datetime

from salesfx.generator.bend.common import Context, Tables, current_rows, share

PLACEHOLDER_CLOSE_DATES = ((date(2030, 12, 31), 0.7), (date(2099, 12, 31), 0.3))
OPEN_SHARE = 0.4  # of the open opportunities
SCHEDULED_END_SHARE = 0.05  # of the active subscriptions


def planned_dates(tables: Tables, context: Context) -> None:
    """Open opportunities get a placeholder close date years ahead (on every history row too);
    a few active subscriptions get a scheduled `ended_at` after the history end (still
    'active', not canceled)."""
    rng = context.rng("planned_dates")
    opportunities = tables.get("salesforce.opportunity")
    if opportunities:
        current = current_rows(opportunities)
        open_ids = sorted(key for key, row in current.items() if not row["is_closed"])
        placeholders: dict[str, date] = {}
        for opportunity_id in share(rng, open_ids, OPEN_SHARE):
            first_choice = rng.random() < PLACEHOLDER_CLOSE_DATES[0][1]
            placeholders[opportunity_id] = PLACEHOLDER_CLOSE_DATES[0 if first_choice else 1][0]
        for row in opportunities:
            if row["id"] in placeholders and not row["is_closed"]:
                row["close_date"] = placeholders[row["id"]]
        for row in tables.get("salesforce.opportunity_history", []):
            if row["opportunity_id"] in placeholders:
                row["close_date"] = placeholders[row["opportunity_id"]]
    subscriptions = tables.get("billing.subscription")
    if subscriptions:
        end = context.config.end
        active = [
            row
            for row in subscriptions
            if row["status"] == "active" and row["ended_at"] is None and row["started_at"] <= end
        ]
        for row in share(rng, active, SCHEDULED_END_SHARE):
            row["ended_at"] = scheduled_end(row, end)


def scheduled_end(row: dict, end: datetime) -> datetime:
    """The end of the billing period that runs at `end`: the next anniversary (annual plans)
    or the next monthly renewal day (monthly plans), strictly after `end`."""
    started: datetime = row["started_at"]
    if row["plan_interval"] == "monthly":
        year, month = (end.year + 1, 1) if end.month == 12 else (end.year, end.month + 1)
        return started.replace(year=year, month=month, day=min(started.day, 28))
    year = end.year
    while True:
        candidate = started.replace(year=year, day=min(started.day, 28))
        if candidate > end:
            return candidate
        year += 1
