"""Monthly sales and marketing spend per team, region and company."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from salesfx.generator.model import Row, World
from salesfx.generator.reference import REGIONS, TEAMS

TEAM_CURRENCY = {
    "AMER Enterprise": "USD",
    "AMER Mid-Market": "USD",
    "AMER SMB": "USD",
    "EMEA Enterprise": "GBP",
    "EMEA Mid-Market": "EUR",
    "APAC Enterprise": "USD",
    "APAC Mid-Market": "USD",
}
REGION_CURRENCY = {"AMER": "USD", "EMEA": "EUR", "APAC": "USD"}
MONTHLY_COST_PER_REP_USD = {"salaries": 9500.0, "tools": 180.0}
COMMISSION_RATE = 0.08
MARKETING_PER_REGION_USD = {"paid_media": 42000.0, "content": 9000.0, "agency": 7000.0}
MARKETING_GLOBAL_USD = {"paid_media": 25000.0, "content": 12000.0, "agency": 15000.0}
EVENT_MONTHS = (3, 6, 9, 11)


@dataclass(frozen=True)
class RepSpan:
    """When a rep of a team was employed (spend counts the reps of each month)."""

    team: str
    hired_at: datetime
    left_at: datetime | None


Booking = tuple[str, date, float]  # team, month of the close date, USD amount of a won deal


def rep_spans(world: World) -> list[RepSpan]:
    return [RepSpan(rep.team, rep.hired_at, rep.left_at) for rep in world.reps]


def won_bookings(world: World) -> list[Booking]:
    """USD bookings of the won deals, in the order they were created."""
    team_of = {rep.user_id: rep.team for rep in world.reps}
    bookings: list[Booking] = []
    for opportunity in world.opportunities:
        if opportunity.is_won and opportunity.owner.user_id in team_of:
            usd = opportunity.row["amount"] / world.rate(
                opportunity.currency, opportunity.close_date
            )
            team = team_of[opportunity.owner.user_id]
            bookings.append((team, opportunity.close_date.replace(day=1), usd))
    return bookings


def build_spend(world: World, reps: Sequence[RepSpan], won: Iterable[Booking]) -> list[Row]:
    """Spend rows of the whole company: cost per rep, commissions on bookings, marketing."""
    rng = random.Random(world.config.global_seed("spend"))
    config = world.config
    rows: list[Row] = []
    months: list[date] = []
    year, month = config.start.year, config.start.month
    while (year, month) <= (config.end.year, config.end.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    bookings: dict[tuple[str, date], float] = defaultdict(float)
    for team, month_start, usd in won:
        bookings[(team, month_start)] += usd

    counter = 0

    def add(month_start: date, category: str, cost_type: str, region, team, usd: float, currency):
        nonlocal counter
        counter += 1
        amount = usd * world.rate(currency, month_start) * rng.uniform(0.9, 1.1)
        rows.append(
            {
                "spend_id": f"SPD-{month_start:%Y%m}-{counter:05d}",
                "spend_month": month_start,
                "cost_category": category,
                "cost_type": cost_type,
                "sales_region": region,
                "sales_team": team,
                "amount": round(amount, 2),
                "currency": currency,
            }
        )

    scale = config.scale
    for month_start in months:
        moment_end = date(
            month_start.year + (month_start.month == 12), month_start.month % 12 + 1, 1
        )
        for region, segment, _ in TEAMS:
            team = f"{region} {segment}"
            currency = TEAM_CURRENCY[team]
            count = sum(
                1
                for rep in reps
                if rep.team == team
                and rep.hired_at.date() < moment_end
                and (rep.left_at is None or rep.left_at.date() >= month_start)
            )
            if count == 0:
                continue
            for cost_type, per_rep in MONTHLY_COST_PER_REP_USD.items():
                add(month_start, "sales", cost_type, region, team, per_rep * count, currency)
            commission = bookings.get((team, month_start), 0.0) * COMMISSION_RATE
            if commission > 0:
                add(month_start, "sales", "commissions", region, team, commission, currency)
        for region in REGIONS:
            currency = REGION_CURRENCY[region]
            add(month_start, "sales", "salaries", region, None, 14000.0, currency)
            for cost_type, usd in MARKETING_PER_REGION_USD.items():
                add(month_start, "marketing", cost_type, region, None, usd * scale, currency)
            if month_start.month in EVENT_MONTHS:
                add(month_start, "marketing", "events", region, None, 60000.0 * scale, currency)
        for cost_type, usd in MARKETING_GLOBAL_USD.items():
            add(month_start, "marketing", cost_type, None, None, usd * scale, "USD")
    return rows
