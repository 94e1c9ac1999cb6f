"""Subscriptions in the billing system, derived from won opportunities."""

from __future__ import annotations

import random
from datetime import datetime

from salesfx.generator.config import HIGH_CHURN_PRODUCT_CODE
from salesfx.generator.ids import token
from salesfx.generator.model import Opportunity, Subscription, World, between, plus
from salesfx.generator.pipeline import holdings
from salesfx.generator.reference import PRODUCTS_BY_CODE

MONTHLY_CHURN_HAZARD = 0.009  # per subscription
ACCOUNT_LEAVE_HAZARD = 0.005  # per account: the customer leaves with every subscription
MONTHLY_PLAN_HAZARD_FACTOR = 1.8
PRODUCT_HAZARD_FACTOR = {HIGH_CHURN_PRODUCT_CODE: 5.5}


def apply_won_opportunities(world: World, opportunities: list[Opportunity]) -> None:
    """Won deals (in close order) become subscriptions: new, upgrade, cross-sell, expansion."""
    rng = world.rng(f"billing:{len(world.rows('billing.subscription'))}")
    end = world.config.end
    ordered = sorted(
        (o for o in opportunities if o.is_won and o.kind != "renewal"),
        key=lambda o: (o.close_date, o.id),
    )
    for opportunity in ordered:
        account = opportunity.account
        close = datetime(
            opportunity.close_date.year, opportunity.close_date.month, opportunity.close_date.day
        )
        if account.first_won_at is None:
            account.first_won_at = close
            account.churn_factor = opportunity.owner.churn_factor
            months = rng.expovariate(ACCOUNT_LEAVE_HAZARD * account.churn_factor)
            account.leave_at = plus(close, days=months * 30.4)
        start = plus(close, days=rng.uniform(0, 10), hours=rng.uniform(0, 20))
        if start > end:
            start = between(rng, close, end)
        for line in opportunity.lines:
            product = PRODUCTS_BY_CODE[line["_product_code"]]
            if not product.recurring or not line["quantity"] or line["quantity"] <= 0:
                continue
            held = holdings(account, start)
            same_product = [sub for sub in held if sub.product_code == product.code]
            lower_editions = [
                sub
                for sub in held
                if sub.family == product.family
                and sub.edition_rank is not None
                and product.edition_rank is not None
                and sub.edition_rank < product.edition_rank
            ]
            subscription = _new_subscription(world, rng, opportunity, line, start)
            if same_product:
                # Expansion: extra seats of a held product end with the base subscription.
                base = same_product[0]
                subscription.row["plan_interval"] = base.row["plan_interval"]
                _end(subscription, base.row["canceled_at"], base.ended_at, base.row["status"])
            else:
                _sample_churn(world, rng, subscription, account.churn_factor, account.leave_at)
            for old in lower_editions:
                # Upgrade: the lower edition ends the day the premium edition starts.
                _end(old, None, start, "ended")
            account.subscriptions.append(subscription)
            world.rows("billing.subscription").append(subscription.row)


def _new_subscription(
    world: World, rng: random.Random, opportunity: Opportunity, line: dict, start: datetime
) -> Subscription:
    product = PRODUCTS_BY_CODE[line["_product_code"]]
    monthly = opportunity.account.company.segment == "SMB" and rng.random() < 0.55
    monthly = monthly or rng.random() < 0.12
    row = {
        "subscription_id": f"sub_{token(rng, 14)}",
        "crm_account_id": opportunity.account.id,
        "product_code": product.code,
        "plan_interval": "monthly" if monthly else "annual",
        "quantity": line["quantity"],
        "mrr": round(line["total_price"] / 12, 2),
        "currency": opportunity.currency,
        "status": "active",
        "started_at": start,
        "canceled_at": None,
        "ended_at": None,
        "created_at": plus(start, hours=-rng.uniform(1, 48)) if rng.random() < 0.7 else start,
        "_opportunity_id": opportunity.id,
    }
    if row["created_at"] < datetime(
        opportunity.close_date.year, opportunity.close_date.month, opportunity.close_date.day
    ):
        row["created_at"] = start
    return Subscription(
        row=row,
        product_code=product.code,
        family=product.family,
        edition_rank=product.edition_rank,
        started_at=start,
        ended_at=None,
        quantity=line["quantity"],
    )


def _sample_churn(
    world: World,
    rng: random.Random,
    sub: Subscription,
    account_factor: float,
    leave_at: datetime | None,
) -> None:
    hazard = MONTHLY_CHURN_HAZARD * PRODUCT_HAZARD_FACTOR.get(sub.product_code, 1.0)
    if sub.row["plan_interval"] == "monthly":
        hazard *= MONTHLY_PLAN_HAZARD_FACTOR
    hazard *= account_factor
    months = rng.expovariate(hazard)
    canceled = plus(sub.started_at, days=months * 30.4)
    if leave_at is not None and leave_at < canceled:
        canceled = max(leave_at, plus(sub.started_at, days=rng.uniform(5, 20)))
    notice = rng.uniform(1, 30) if sub.row["plan_interval"] == "monthly" else rng.uniform(10, 60)
    ended = plus(canceled, days=notice)
    if ended <= world.config.end:
        _end(sub, canceled, ended, "canceled")


def _end(sub: Subscription, canceled: datetime | None, ended: datetime | None, status: str) -> None:
    if ended is None:
        return
    if sub.ended_at is not None and sub.ended_at <= ended and status == "ended":
        return  # already over before the upgrade
    if ended <= sub.started_at:
        return
    sub.ended_at = ended
    sub.row["ended_at"] = ended
    sub.row["canceled_at"] = canceled
    sub.row["status"] = status
