"""The effects the KPIs must find are in the committed demo, measured in pandas.

These are sanity checks of the generator; the dbt marts test the same things on the warehouse.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from salesfx.generator import measures
from salesfx.generator.config import FAST_CLOSER_NAME, HIGH_CHURN_PRODUCT_CODE

# SALESFX_RAW_DIR: measure another generated CSV folder (e.g. a larger scale) instead.
SEEDS = Path(
    os.environ.get("SALESFX_RAW_DIR") or Path(__file__).resolve().parents[1] / "seeds" / "raw"
)
END = pd.Timestamp("2025-12-31 23:59:59")


@pytest.fixture(scope="module")
def raw() -> dict[str, pd.DataFrame]:
    return measures.load_raw(SEEDS)


@pytest.fixture(scope="module")
def requests(raw: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return measures.request_outcomes(raw)


@pytest.fixture(scope="module")
def won(raw: dict[str, pd.DataFrame]) -> pd.DataFrame:
    opportunities = measures.current(raw["salesforce.opportunity"])
    won = opportunities[opportunities["is_won"].astype(bool)].copy()
    rates = raw["salesforce.dated_conversion_rate"]
    month = won["close_date"].dt.to_period("M").dt.to_timestamp()
    won = won.assign(month=month).merge(
        rates.rename(columns={"iso_code": "currency_iso_code", "start_date": "month"})[
            ["currency_iso_code", "month", "conversion_rate"]
        ],
        on=["currency_iso_code", "month"],
        how="left",
    )
    rate = won["conversion_rate"].where(won["currency_iso_code"] != "USD", 1.0)
    won["amount_usd"] = won["amount"] / rate
    won["cycle_days"] = (won["close_date"] - won["created_date"].dt.normalize()).dt.days
    return won


@pytest.fixture(scope="module")
def fast_closer_id(raw: dict[str, pd.DataFrame]) -> str:
    users = raw["salesforce.user"]
    first, last = FAST_CLOSER_NAME
    return str(users.loc[users["name"] == f"{first} {last}", "id"].iloc[0])


def test_warmer_requests_are_answered_faster(requests: pd.DataFrame) -> None:
    medians = requests.groupby("warmth")["promptness_minutes"].median()
    assert medians["hot"] < 15
    assert 30 < medians["warm"] < 240
    assert medians["cold"] >= 1440
    assert medians["hot"] < medians["warm"] < medians["cold"]


def test_some_requests_are_never_answered(requests: pd.DataFrame) -> None:
    unanswered = requests["promptness_minutes"].isna().mean()
    assert 0.1 < unanswered < 0.4


def test_fast_follow_up_converts_several_times_better(requests: pd.DataFrame) -> None:
    rates = requests.groupby("bucket")["converted"].mean()
    assert rates["0-5 min"] >= 3 * rates[">24 h"]
    assert rates["0-5 min"] > rates["5-60 min"] > rates["1-24 h"] > rates[">24 h"]


def test_more_personalized_emails_get_more_replies(raw: dict[str, pd.DataFrame]) -> None:
    emails = measures.email_personalization(raw)
    reply_rate = emails.groupby("elements")["replied"].mean()
    assert list(reply_rate.index) == [0, 1, 2, 3, 4, 5]
    assert reply_rate.is_monotonic_increasing
    assert reply_rate[5] >= 3 * reply_rate[1]


def test_q4_books_most_in_both_years(won: pd.DataFrame) -> None:
    won = won.assign(year=won["close_date"].dt.year, quarter=won["close_date"].dt.quarter)
    for year in (2024, 2025):
        of_year = won[won["year"] == year]
        deals = of_year.groupby("quarter")["id"].count()
        bookings = of_year.groupby("quarter")["amount_usd"].sum()
        assert deals.idxmax() == 4 and bookings.idxmax() == 4, year


def test_fast_closer_has_the_shortest_cycles(won: pd.DataFrame, fast_closer_id: str) -> None:
    valid = won[won["cycle_days"] >= 0]
    by_rep = valid.groupby("owner_id")["cycle_days"].agg(["median", "count"])
    by_rep = by_rep[by_rep["count"] >= 10].sort_values("median")
    assert by_rep.index[0] == fast_closer_id
    assert by_rep["median"].iloc[0] < 0.7 * by_rep["median"].iloc[1]


def test_fast_closers_customers_churn_most(
    raw: dict[str, pd.DataFrame], won: pd.DataFrame, fast_closer_id: str
) -> None:
    subscriptions = raw["billing.subscription"]
    subscriptions = subscriptions[
        subscriptions["ended_at"].isna()
        | (subscriptions["ended_at"] >= subscriptions["started_at"])
    ]
    active = set(subscriptions.loc[subscriptions["ended_at"].isna(), "crm_account_id"])
    first_won = won.sort_values(["close_date", "id"]).drop_duplicates("account_id")
    first_won = first_won[first_won["account_id"].isin(subscriptions["crm_account_id"])]
    first_won = first_won.assign(lost=~first_won["account_id"].isin(active))
    by_rep = first_won.groupby("owner_id")["lost"].agg(["mean", "count"])
    by_rep = by_rep[by_rep["count"] >= 10].sort_values("mean", ascending=False)
    assert by_rep.index[0] == fast_closer_id
    assert by_rep["mean"].iloc[0] >= 2 * first_won["lost"].mean()


def test_one_product_churns_clearly_more(raw: dict[str, pd.DataFrame]) -> None:
    subscriptions = raw["billing.subscription"]
    subscriptions = subscriptions[
        subscriptions["ended_at"].isna()
        | (subscriptions["ended_at"] >= subscriptions["started_at"])
    ]
    units = subscriptions.groupby(["crm_account_id", "product_code"]).agg(
        canceled=("status", lambda s: (s == "canceled").any()),
        active=("ended_at", lambda s: s.isna().any()),
    )
    units["churned"] = units["canceled"] & ~units["active"]
    rates = units.groupby("product_code")["churned"].mean().sort_values(ascending=False)
    assert rates.index[0] == HIGH_CHURN_PRODUCT_CODE
    assert rates.iloc[0] >= 1.5 * rates.iloc[1]


def test_reps_differ(raw: dict[str, pd.DataFrame], requests: pd.DataFrame, won) -> None:
    answered = requests.dropna(subset=["promptness_minutes"])
    speed = answered.groupby("person_owner_id")["promptness_minutes"].median()
    assert speed.max() > 3 * speed.min()
    persistence = answered.groupby("person_owner_id")["follow_ups"].mean()
    assert persistence.max() > 2 * persistence.min()
    opportunities = measures.current(raw["salesforce.opportunity"])
    closed = opportunities[opportunities["is_closed"].astype(bool)]
    win_rate = closed.groupby("owner_id")["is_won"].agg(["mean", "count"])
    win_rate = win_rate[win_rate["count"] >= 20]["mean"]
    assert win_rate.max() - win_rate.min() > 0.2
