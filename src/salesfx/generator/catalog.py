"""Reference tables: product catalog, opportunity stages and dated conversion rates."""

from __future__ import annotations

from datetime import date

from salesfx.generator.model import World, plus
from salesfx.generator.reference import DELETED_PRODUCT, PRODUCTS, RATE_GAP, RATE_START, STAGES


def build_catalog(world: World) -> None:
    start = world.config.start
    products = world.rows("salesforce.product_2")
    for product in (*PRODUCTS, DELETED_PRODUCT):
        product_id = world.ids.new("product_2")
        deleted = product is DELETED_PRODUCT
        if not deleted:
            world.product_ids[product.code] = product_id
        products.append(
            {
                "id": product_id,
                "is_deleted": deleted,
                "name": product.name,
                "product_code": product.code,
                "family": product.family,
                "edition_rank_c": product.edition_rank,
                "is_active": not deleted,
                "created_date": start,
                "_fivetran_synced": plus(start, days=30 if deleted else 0, hours=1),
            }
        )

    stages = world.rows("salesforce.opportunity_stage")
    for stage in STAGES:
        stages.append(
            {
                "id": world.ids.new("opportunity_stage"),
                "master_label": stage.name,
                "sort_order": stage.sort_order,
                "is_active": True,
                "is_closed": stage.is_closed,
                "is_won": stage.is_won,
                "default_probability": stage.probability,
                "forecast_category_name": stage.forecast_category,
            }
        )


def build_rates(world: World) -> None:
    """Monthly rates for EUR, GBP, JPY over the history; one month of JPY is missing (a gap)."""
    rng = world.rng("rates")
    config = world.config
    months = []
    year, month = config.start.year, config.start.month
    while (year, month) <= (config.end.year, config.end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    rows = world.rows("salesforce.dated_conversion_rate")
    for currency, first_rate in RATE_START.items():
        rate = first_rate
        kept: list[tuple[int, int]] = []
        for year, month in months:
            world.rates[(currency, year, month)] = round(rate, 6)
            if (currency, year, month) != RATE_GAP:
                kept.append((year, month))
            rate *= 1 + rng.uniform(-0.018, 0.018)
        for index, (year, month) in enumerate(kept):
            if index + 1 < len(kept):
                next_year, next_month = kept[index + 1]
                # Inside a gap the previous row stops at the gap's first day.
                if (currency, *_next_month(year, month)) == RATE_GAP:
                    next_year, next_month = RATE_GAP[1], RATE_GAP[2]
                next_start: date | None = date(next_year, next_month, 1)
            else:
                next_start = None
            rows.append(
                {
                    "id": world.ids.new("dated_conversion_rate"),
                    "iso_code": currency,
                    "start_date": date(year, month, 1),
                    "next_start_date": next_start,
                    "conversion_rate": world.rates[(currency, year, month)],
                }
            )


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)
