"""The Great Expectations suites of every mart, in one declarative table.

Each mart is one `MartSpec` row, written from the definitions in `docs/kpis.md` (never from the data):
which columns are its key, which are rates in [0, 1], counts (>= 0, never null), non-negative
amounts, bounded scores, accepted values, and pairs that must be ordered (p90 >= median,
responded <= requests...). Every `kpi_` mart shares the uniform-shape checks built by `kpi()`:
the key (period_grain, period_start, segment_type, segment_value [+ stage_name]) is not null and
unique, period_grain and segment_type take accepted values, company rows say 'all', warmth and
response-time-bucket segments take their accepted values, and the company rows cover every period
(checked on a derived frame, see `company_period_suite`).

Growth rates (`*_growth_rate`) are deliberately left out of the [0, 1] check: they may be
negative or above 1 (docs/kpis.md). They are still required to exist.

`build_suite(spec)` turns a row into a `great_expectations.ExpectationSuite`; nothing here
touches a warehouse, so the builder is unit-tested on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation
from great_expectations.expectations.row_conditions import Column

PERIOD_GRAINS: tuple[str, ...] = ("month", "quarter", "year")
WARMTHS: tuple[str, ...] = ("hot", "warm", "cold", "unclassified")
RESPONSE_TIME_BUCKETS: tuple[str, ...] = ("0-5 min", "5-60 min", "1-24 h", ">24 h", "no response")
FOLLOW_UP_CHANNELS: tuple[str, ...] = ("call", "email", "meeting")
OPPORTUNITY_STATUSES: tuple[str, ...] = ("won", "lost", "open")
SALES_REGIONS: tuple[str, ...] = ("AMER", "EMEA", "APAC", "Unknown")
KPI_KEY: tuple[str, ...] = ("period_grain", "period_start", "segment_type", "segment_value")
KPI_SHAPE: tuple[str, ...] = (
    "period_grain",
    "period_start",
    "is_complete_period",
    "segment_type",
    "segment_value",
    "segment_label",
)
COMPANY = "company"


@dataclass(frozen=True)
class Implies:
    """On rows where `if_column` equals `if_value`, `column` takes one of `values`."""

    column: str
    values: tuple[object, ...]
    if_column: str
    if_value: object

    @property
    def description(self) -> str:
        allowed = self.values[0] if len(self.values) == 1 else list(self.values)
        return f"{self.column} is {allowed!r} when {self.if_column} is {self.if_value!r}"


@dataclass(frozen=True)
class MartSpec:
    """What docs/kpis.md says about one mart's columns. Tuples of column names unless noted."""

    name: str
    key: tuple[str, ...]
    segment_types: tuple[str, ...] = ()
    rates: tuple[str, ...] = ()
    counts: tuple[str, ...] = ()
    non_negative: tuple[str, ...] = ()
    growth_rates: tuple[str, ...] = ()
    not_null: tuple[str, ...] = ()
    bounded: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    accepted: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # (a, b): a >= b on every row where both are present
    ordered: tuple[tuple[str, str], ...] = ()
    # (column, guard): column is not null on every row where guard is not null
    not_null_where: tuple[tuple[str, str], ...] = ()
    implies: tuple[Implies, ...] = ()
    # SQL (schema placeholders {staging}) listing the extra-key values every company period has,
    # for marts whose key has more than the uniform four columns (the stage mart).
    company_spine_sql: str | None = None

    @property
    def is_kpi(self) -> bool:
        return self.name.startswith("kpi_")

    @property
    def extra_key(self) -> tuple[str, ...]:
        return tuple(c for c in self.key if c not in KPI_KEY) if self.is_kpi else ()

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column the spec names, in a stable order without repeats."""
        names: list[str] = list(self.key)
        if self.is_kpi:
            names += KPI_SHAPE
        names += self.not_null + self.counts + self.rates + self.non_negative + self.growth_rates
        names += tuple(self.bounded) + tuple(self.accepted)
        for a, b in self.ordered + self.not_null_where:
            names += (a, b)
        for rule in self.implies:
            names += (rule.column, rule.if_column)
        return tuple(dict.fromkeys(names))


def kpi(
    name: str,
    segment_types: tuple[str, ...],
    *,
    extra_key: tuple[str, ...] = (),
    **measures: object,
) -> MartSpec:
    """A kpi_ mart: the uniform key and shape, plus the mart's own measures."""
    return MartSpec(
        name=name,
        key=KPI_KEY + extra_key,
        segment_types=(COMPANY, *segment_types),
        **measures,  # type: ignore[arg-type]
    )


_OPEN_STAGES_SQL = (
    "select stage_name from {staging}.stg_salesforce__opportunity_stages "
    "where is_active and not is_closed"
)

MART_SPECS: tuple[MartSpec, ...] = (
    # --- lead follow-up ---------------------------------------------------------------------
    kpi(
        "kpi_lead_response_time",
        ("warmth", "form_type", "sales_team", "sales_rep"),
        counts=("lead_requests", "responded_requests", "requests_with_sla", "requests_within_sla"),
        rates=("response_rate", "sla_attainment_rate"),
        non_negative=(
            "avg_promptness_minutes",
            "median_promptness_minutes",
            "p90_promptness_minutes",
            "median_promptness_business_minutes",
        ),
        ordered=(
            ("lead_requests", "responded_requests"),
            ("lead_requests", "requests_with_sla"),
            ("requests_with_sla", "requests_within_sla"),
            ("responded_requests", "requests_within_sla"),
            ("p90_promptness_minutes", "median_promptness_minutes"),
        ),
    ),
    kpi(
        "kpi_follow_up_4p",
        ("warmth", "sales_team", "sales_rep", "response_time_bucket"),
        counts=(
            "lead_requests",
            "responded_requests",
            "follow_ups",
            "reached_follow_ups",
            "converted_requests",
            "won_requests",
        ),
        rates=("performance_reach_rate", "conversion_rate", "won_rate"),
        non_negative=("median_promptness_minutes", "avg_persistence_follow_ups"),
        bounded=MappingProxyType({"avg_personalization_score": (0.0, 5.0)}),
        ordered=(
            ("lead_requests", "responded_requests"),
            ("lead_requests", "converted_requests"),
            ("converted_requests", "won_requests"),
            ("follow_ups", "reached_follow_ups"),
        ),
    ),
    MartSpec(
        "fct_lead_follow_up_4p",
        key=("request_id",),
        not_null=("submitted_at", "form_type", "warmth", "responded", "converted", "won"),
        # within_sla: a boolean for every request with an SLA (unclassified ones have none)
        not_null_where=(
            ("within_sla", "sla_minutes"),
            ("promptness_minutes", "first_follow_up_at"),
        ),
        implies=(
            Implies("within_sla", (False,), "responded", False),
            Implies("response_time_bucket", ("no response",), "responded", False),
            Implies("won", (False,), "converted", False),
        ),
        counts=(
            "follow_ups_total",
            "persistence_follow_ups",
            "email_follow_ups",
            "personalized_emails",
            "reached_follow_ups",
        ),
        rates=("performance_reach_rate",),
        non_negative=("promptness_minutes", "promptness_business_minutes", "sla_minutes"),
        bounded=MappingProxyType(
            {"personalization_score": (0.0, 5.0), "follow_up_channel_count": (0.0, 3.0)}
        ),
        accepted=MappingProxyType(
            {"warmth": WARMTHS, "response_time_bucket": RESPONSE_TIME_BUCKETS}
        ),
        ordered=(
            ("follow_ups_total", "persistence_follow_ups"),
            ("follow_ups_total", "email_follow_ups"),
            ("follow_ups_total", "reached_follow_ups"),
            ("email_follow_ups", "personalized_emails"),
        ),
    ),
    MartSpec(
        "fct_follow_ups",
        key=("follow_up_id",),
        not_null=("follow_up_at", "sales_rep_id", "person_id", "follow_up_channel", "is_reached"),
        bounded=MappingProxyType({"personalization_elements": (0.0, 5.0)}),
        accepted=MappingProxyType({"follow_up_channel": FOLLOW_UP_CHANNELS}),
    ),
    # --- pipeline -----------------------------------------------------------------------------
    kpi(
        "kpi_sales_cycle_length",
        ("sales_region", "sales_team", "sales_rep"),
        counts=("won_opportunities", "lost_opportunities"),
        non_negative=(
            "avg_won_cycle_days",
            "median_won_cycle_days",
            "p90_won_cycle_days",
            "avg_lost_cycle_days",
        ),
        ordered=(("p90_won_cycle_days", "median_won_cycle_days"),),
    ),
    kpi(
        "kpi_sales_stage_duration",
        ("sales_team", "sales_rep"),
        extra_key=("stage_name",),
        not_null=("stage_sort_order",),
        counts=("opportunities",),
        non_negative=("avg_days_in_stage", "median_days_in_stage"),
        company_spine_sql=_OPEN_STAGES_SQL,
    ),
    kpi(
        "kpi_sales_volume",
        ("product", "product_family", "sales_channel", "sales_region", "country"),
        counts=("units_sold", "won_opportunities", "line_items", "line_items_without_usd"),
        non_negative=("bookings_usd",),
        ordered=(("line_items", "won_opportunities"), ("line_items", "line_items_without_usd")),
    ),
    kpi(
        "kpi_sales_productivity",
        ("sales_region", "sales_team", "sales_rep"),
        counts=(
            "activities",
            "calls",
            "selling_days",
            "won_opportunities",
            "lost_opportunities",
            "opportunities_created",
        ),
        rates=("win_rate",),
        non_negative=(
            "talk_minutes",
            "bookings_usd",
            "activities_per_selling_day",
            "bookings_per_activity_usd",
            "won_per_100_activities",
        ),
        ordered=(("activities", "calls"),),
    ),
    # --- customers ----------------------------------------------------------------------------
    kpi(
        "kpi_customer_acquisition_cost",
        ("sales_region", "sales_team"),
        counts=("new_customers",),
        non_negative=("sales_spend_usd", "marketing_spend_usd", "total_spend_usd", "cac_usd"),
        ordered=(
            ("total_spend_usd", "sales_spend_usd"),
            ("total_spend_usd", "marketing_spend_usd"),
        ),
    ),
    kpi(
        "kpi_customer_churn_rate",
        ("product", "sales_region"),
        counts=("customers_at_start", "churned_customers", "customers_at_end"),
        rates=("churn_rate", "gross_mrr_churn_rate"),
        non_negative=("mrr_at_start_usd", "churned_mrr_usd"),
        ordered=(
            ("customers_at_start", "churned_customers"),
            ("mrr_at_start_usd", "churned_mrr_usd"),
        ),
    ),
    kpi(
        "kpi_upsell_cross_sell_rate",
        ("sales_region",),
        counts=("customers_at_start", "upsell_customers", "cross_sell_customers"),
        rates=("upsell_rate", "cross_sell_rate"),
        non_negative=(
            "upsell_bookings_usd",
            "cross_sell_bookings_usd",
            "expansion_bookings_usd",
            "new_business_bookings_usd",
        ),
        ordered=(
            ("customers_at_start", "upsell_customers"),
            ("customers_at_start", "cross_sell_customers"),
        ),
    ),
    # --- revenue ------------------------------------------------------------------------------
    kpi(
        "kpi_revenue_growth",
        ("sales_region", "product_family"),
        non_negative=(
            "recognized_revenue_usd",
            "previous_period_revenue_usd",
            "previous_year_revenue_usd",
            "bookings_usd",
            "previous_period_bookings_usd",
            "previous_year_bookings_usd",
        ),
        growth_rates=(
            "revenue_growth_rate",
            "revenue_yoy_growth_rate",
            "bookings_growth_rate",
            "bookings_yoy_growth_rate",
        ),
    ),
    # --- dimensions and facts -------------------------------------------------------------------
    MartSpec("dim_sales_reps", key=("sales_rep_id",)),
    MartSpec(
        "dim_accounts",
        key=("account_id",),
        not_null=("sales_region", "has_won_opportunity", "is_active_customer"),
        counts=("active_subscriptions",),
        accepted=MappingProxyType({"sales_region": SALES_REGIONS}),
    ),
    MartSpec("dim_products", key=("product_id",)),
    MartSpec(
        "fct_opportunities",
        key=("opportunity_id",),
        not_null=("status", "created_date", "is_closed_before_created"),
        implies=(
            Implies("status", ("won",), "is_won", True),
            Implies("status", ("open",), "is_closed", False),
        ),
        non_negative=("cycle_days", "amount_usd"),
        accepted=MappingProxyType(
            {"status": OPPORTUNITY_STATUSES, "account_sales_region": SALES_REGIONS}
        ),
    ),
)

SPECS_BY_NAME: Mapping[str, MartSpec] = MappingProxyType({s.name: s for s in MART_SPECS})


def _fmt(value: float) -> str:
    return f"{value:g}"


def _rule(kind: str, subject: str) -> dict[str, str]:
    return {"rule": kind, "subject": subject}


def _segment_value_checks(spec: MartSpec) -> list[Expectation]:
    """Segment rows whose values are fixed by the spec: company = 'all', warmth, buckets."""
    known = {"warmth": WARMTHS, "response_time_bucket": RESPONSE_TIME_BUCKETS}
    out: list[Expectation] = [
        gxe.ExpectColumnValuesToBeInSet(
            column="segment_value",
            value_set=["all"],
            row_condition=Column("segment_type") == COMPANY,
            description="company rows have segment_value 'all'",
            meta=_rule("company segment value", "segment_value"),
        )
    ]
    for segment_type, values in known.items():
        if segment_type in spec.segment_types:
            out.append(
                gxe.ExpectColumnValuesToBeInSet(
                    column="segment_value",
                    value_set=list(values),
                    row_condition=Column("segment_type") == segment_type,
                    description=f"{segment_type} segment values in {list(values)}",
                    meta=_rule("accepted values", f"segment_value ({segment_type})"),
                )
            )
    return out


def expectations_for(spec: MartSpec) -> list[Expectation]:
    """The expectations of one mart, in the order a reader checks them: shape, key, values."""
    out: list[Expectation] = [
        gxe.ExpectColumnToExist(
            column=col, description=f"column {col} exists", meta=_rule("column exists", col)
        )
        for col in spec.columns
    ]
    not_null = spec.key + (("is_complete_period",) if spec.is_kpi else ()) + spec.not_null
    for col in dict.fromkeys(not_null + spec.counts):
        out.append(
            gxe.ExpectColumnValuesToNotBeNull(
                column=col, description=f"{col} is never null", meta=_rule("not null", col)
            )
        )
    for col, guard in spec.not_null_where:
        out.append(
            gxe.ExpectColumnValuesToNotBeNull(
                column=col,
                row_condition=Column(guard).is_not_null(),
                description=f"{col} is never null where {guard} is set",
                meta=_rule("not null", col),
            )
        )
    if len(spec.key) == 1:
        out.append(
            gxe.ExpectColumnValuesToBeUnique(
                column=spec.key[0],
                description=f"{spec.key[0]} is unique",
                meta=_rule("unique key", spec.key[0]),
            )
        )
    else:
        out.append(
            gxe.ExpectCompoundColumnsToBeUnique(
                column_list=list(spec.key),
                description=f"({', '.join(spec.key)}) is unique",
                meta=_rule("unique key", ", ".join(spec.key)),
            )
        )
    if spec.is_kpi:
        out.append(
            gxe.ExpectColumnValuesToBeInSet(
                column="period_grain",
                value_set=list(PERIOD_GRAINS),
                description=f"period_grain in {list(PERIOD_GRAINS)}",
                meta=_rule("accepted values", "period_grain"),
            )
        )
        out.append(
            gxe.ExpectColumnValuesToBeInSet(
                column="segment_type",
                value_set=list(spec.segment_types),
                description=f"segment_type in {list(spec.segment_types)}",
                meta=_rule("accepted values", "segment_type"),
            )
        )
        out += _segment_value_checks(spec)
    for col, values in spec.accepted.items():
        out.append(
            gxe.ExpectColumnValuesToBeInSet(
                column=col,
                value_set=list(values),
                description=f"{col} in {list(values)}",
                meta=_rule("accepted values", col),
            )
        )
    for col in spec.rates:
        out.append(
            gxe.ExpectColumnValuesToBeBetween(
                column=col,
                min_value=0,
                max_value=1,
                description=f"{col} is a fraction in [0, 1]",
                meta=_rule("rate in [0, 1]", col),
            )
        )
    for col in dict.fromkeys(spec.counts + spec.non_negative):
        kind = "count >= 0" if col in spec.counts else "non-negative"
        out.append(
            gxe.ExpectColumnValuesToBeBetween(
                column=col, min_value=0, description=f"{col} >= 0", meta=_rule(kind, col)
            )
        )
    for col, (low, high) in spec.bounded.items():
        out.append(
            gxe.ExpectColumnValuesToBeBetween(
                column=col,
                min_value=low,
                max_value=high,
                description=f"{col} in [{_fmt(low)}, {_fmt(high)}]",
                meta=_rule("bounded", col),
            )
        )
    for rule in spec.implies:
        out.append(
            gxe.ExpectColumnValuesToBeInSet(
                column=rule.column,
                value_set=list(rule.values),
                row_condition=Column(rule.if_column) == rule.if_value,
                description=rule.description,
                meta=_rule("implied values", rule.column),
            )
        )
    for a, b in spec.ordered:
        out.append(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=a,
                column_B=b,
                or_equal=True,
                ignore_row_if="either_value_is_missing",
                description=f"{a} >= {b}",
                meta=_rule("ordered pair", f"{a} >= {b}"),
            )
        )
    return out


def build_suite(spec: MartSpec) -> gx.ExpectationSuite:
    """The expectation suite of one mart (named after the mart)."""
    return gx.ExpectationSuite(
        name=spec.name,
        expectations=expectations_for(spec),
        meta={"notes": f"Built from docs/kpis.md by salesfx.validate.suites for {spec.name}."},
    )


def company_period_suite(spec: MartSpec) -> gx.ExpectationSuite:
    """Checks on the derived company-coverage frame of a kpi_ mart.

    The frame (see `checks.company_period_frame`) has one row per expected period (and per
    company-spine value of an extra key) joined with the company rows found in the mart:
    `is_expected_period` (false when the mart has a company row for a period outside
    int_kpi_periods) and `company_rows` (how many company rows the mart has there).
    """
    name = f"{spec.name}.company_periods"
    return gx.ExpectationSuite(
        name=name,
        expectations=[
            gxe.ExpectColumnValuesToBeBetween(
                column="company_rows",
                min_value=1,
                max_value=1,
                description="exactly one company row for every period"
                + (f" and {', '.join(spec.extra_key)}" if spec.extra_key else ""),
                meta=_rule("company row per period", "company_rows"),
            ),
            gxe.ExpectColumnValuesToBeInSet(
                column="is_expected_period",
                value_set=[True],
                description="no company row outside the periods of int_kpi_periods",
                meta=_rule("company rows only in reporting periods", "is_expected_period"),
            ),
        ],
        meta={"notes": "Row-count relation: company rows for every period (docs/kpis.md)."},
    )
