"""Bend classes about money: a non-USD corporate currency, credit notes and refunds."""

from __future__ import annotations

from salesfx.generator.bend.common import (
    RESERVED_FOR_ADDED_ROWS,
    Context,
    Tables,
    reserved_ids,
    share,
)
from salesfx.generator.ids import token
from salesfx.generator.model import Row
from salesfx.generator.reference import UNRATED_CURRENCY

RATES = "salesforce.dated_conversion_rate"
SPEND = "finance.sales_marketing_spend"
SUBSCRIPTIONS = "billing.subscription"
CORPORATE_CURRENCY = "EUR"
RATE_DECIMALS = 12  # the re-expressed rates keep USD amounts equal far below a cent
CREDIT_NOTE_SHARE = 0.03  # of the spend rows
REFUND_SHARE = 0.02  # of the subscriptions


def non_usd_corporate(tables: Tables, context: Context) -> None:
    """Rates per 1 EUR: every rate divided by EUR's rate of the same month, EUR rows 1.0 and a
    USD row per month (USD per EUR). amount / rate(currency) * rate(USD) is the USD amount
    of before; the JPY gap stays a gap."""
    rows = tables.get(RATES)
    if not rows:
        return
    euro = {row["start_date"]: row for row in rows if row["iso_code"] == CORPORATE_CURRENCY}
    ids = reserved_ids(RESERVED_FOR_ADDED_ROWS)
    dollars = [
        {
            "id": ids.new("dated_conversion_rate"),
            "iso_code": "USD",
            "start_date": month,
            "next_start_date": row["next_start_date"],
            "conversion_rate": 1 / row["conversion_rate"],
        }
        for month, row in sorted(euro.items())
    ]
    for row in rows:
        if row["iso_code"] != CORPORATE_CURRENCY:
            row["conversion_rate"] = (
                row["conversion_rate"] / euro[row["start_date"]]["conversion_rate"]
            )
    for row in euro.values():
        row["conversion_rate"] = 1.0
    rows.extend(dollars)
    rows.sort(key=lambda row: (row["iso_code"], row["start_date"]))


def credit_notes(tables: Tables, context: Context) -> None:
    """Credit notes: a negative spend row and its positive correction (same month, region,
    team, cost type and currency: totals do not move); refunds: a negative-mrr subscription row
    and its positive correction, both with the dates of the subscription they belong to
    (revenue does not move). Both rows of a pair have quantity 0."""
    rng = context.rng("credit_notes")
    spend = tables.get(SPEND)
    if spend:
        for row in share(rng, list(spend), CREDIT_NOTE_SHARE):
            amount = max(0.01, round(abs(row["amount"]) * rng.uniform(0.05, 0.3), 2))
            spend.append({**row, "spend_id": f"{row['spend_id']}-CN", "amount": -amount})
            spend.append({**row, "spend_id": f"{row['spend_id']}-CR", "amount": amount})
        spend.sort(key=lambda row: row["spend_id"])
    subscriptions = tables.get(SUBSCRIPTIONS)
    if subscriptions:
        eligible = [row for row in subscriptions if _refundable(row)]
        for row in share(rng, eligible, REFUND_SHARE):
            mrr = max(0.01, round(row["mrr"] * rng.uniform(0.1, 0.5), 2))
            for signed in (-mrr, mrr):
                subscriptions.append(
                    {
                        **row,
                        "subscription_id": f"sub_{token(rng, 14)}",
                        "quantity": 0,
                        "mrr": signed,
                    }
                )
        subscriptions.sort(key=lambda row: (row["created_at"], row["subscription_id"]))


def _refundable(row: Row) -> bool:
    ended = row["ended_at"]
    return (
        row["currency"] != UNRATED_CURRENCY
        and row["mrr"] is not None
        and row["mrr"] > 0
        and (ended is None or ended > row["started_at"])
    )
