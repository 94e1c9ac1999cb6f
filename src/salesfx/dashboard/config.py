"""What the dashboard shows: one small declarative entry per KPI mart, grouped into areas.

Every kpi_ mart has the same key (period_grain, period_start, is_complete_period, segment_type,
segment_value, segment_label: docs/kpis.md), so one generic view renders any of them; a mart only
declares its title, its measures (label, format, which way is better) and its charts. Adding a
mart to the dashboard is adding an entry here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from salesfx.dashboard.formats import Format

ChartKind = Literal["line", "bar"]


@dataclass(frozen=True)
class Measure:
    """A mart column shown on the dashboard."""

    column: str
    label: str
    fmt: Format
    higher_is_better: bool = True
    headline: bool = False  # shown as a card for the latest complete period
    help: str | None = None


@dataclass(frozen=True)
class Chart:
    """A chart over time of one or more measures that share a format."""

    title: str
    columns: tuple[str, ...]
    kind: ChartKind = "line"
    log_scale: bool = False  # for measures spread over orders of magnitude (minutes to days)


@dataclass(frozen=True)
class MartView:
    """How to show one kpi_ mart."""

    mart: str
    title: str
    description: str
    measures: tuple[Measure, ...]
    charts: tuple[Chart, ...]
    # an extra key column beside the uniform key (kpi_sales_stage_duration: stage_name)
    series_column: str | None = None
    series_order_column: str | None = None

    def measure(self, column: str) -> Measure:
        for measure in self.measures:
            if measure.column == column:
                return measure
        raise KeyError(f"{self.mart} has no measure {column}")

    @property
    def headlines(self) -> tuple[Measure, ...]:
        return tuple(measure for measure in self.measures if measure.headline)


@dataclass(frozen=True)
class Area:
    """A page of the dashboard: one KPI area, one or more marts."""

    slug: str
    title: str
    icon: str
    intro: str
    marts: tuple[MartView, ...]


LEAD_RESPONSE = MartView(
    mart="kpi_lead_response_time",
    title="Lead response time",
    description=(
        "Lead requests (form submissions) by submission date: how many got a follow-up, how "
        "fast, and how many within the SLA of their warmth (hot 5 min, warm 1 h, cold 24 h)."
    ),
    measures=(
        Measure("lead_requests", "Lead requests", "count", headline=True),
        Measure("response_rate", "Response rate", "rate", headline=True),
        Measure(
            "median_promptness_minutes",
            "Median response time",
            "minutes",
            higher_is_better=False,
            headline=True,
            help="Median time from the request to the first follow-up, of responded requests.",
        ),
        Measure(
            "sla_attainment_rate",
            "SLA attainment",
            "rate",
            headline=True,
            help="Requests followed up within their SLA / requests that have an SLA.",
        ),
        Measure("responded_requests", "Responded requests", "count"),
        Measure("requests_within_sla", "Within SLA", "count"),
        Measure("avg_promptness_minutes", "Average response time", "minutes", False),
        Measure("p90_promptness_minutes", "90th percentile response time", "minutes", False),
        Measure(
            "median_promptness_business_minutes",
            "Median response time (business hours)",
            "minutes",
            False,
            help="Counted in business minutes of the rep's time zone.",
        ),
    ),
    charts=(
        Chart("Requests and responses", ("lead_requests", "responded_requests"), "bar"),
        Chart("Response rate and SLA attainment", ("response_rate", "sla_attainment_rate")),
        Chart(
            "Response time (minutes, log scale)",
            ("median_promptness_minutes", "avg_promptness_minutes", "p90_promptness_minutes"),
            log_scale=True,
        ),
    ),
)

FOLLOW_UP_4P = MartView(
    mart="kpi_follow_up_4p",
    title="The 4 P's of follow-up",
    description=(
        "Promptness, persistence, personalization and performance of the follow-ups of each "
        "lead request, and whether the requests converted into opportunities and deals."
    ),
    measures=(
        Measure(
            "avg_persistence_follow_ups",
            "Persistence",
            "number",
            headline=True,
            help="Average follow-ups after the first one, per request.",
        ),
        Measure(
            "avg_personalization_score",
            "Personalization (0-5)",
            "number",
            headline=True,
            help="Average personalization elements of the follow-up emails.",
        ),
        Measure(
            "performance_reach_rate",
            "Reach rate",
            "rate",
            headline=True,
            help="Follow-ups that reached the lead / follow-ups.",
        ),
        Measure("conversion_rate", "Conversion rate", "rate", headline=True),
        Measure("won_rate", "Won rate", "rate"),
        Measure("median_promptness_minutes", "Median response time", "minutes", False),
        Measure("lead_requests", "Lead requests", "count"),
    ),
    charts=(
        Chart(
            "Reach, conversion and won rate",
            ("performance_reach_rate", "conversion_rate", "won_rate"),
        ),
        Chart(
            "Persistence and personalization",
            ("avg_persistence_follow_ups", "avg_personalization_score"),
        ),
    ),
)

SALES_CYCLE = MartView(
    mart="kpi_sales_cycle_length",
    title="Sales cycle length",
    description="Won and lost opportunities by close date; cycle = close date - creation date.",
    measures=(
        Measure("won_opportunities", "Won deals", "count", headline=True),
        Measure("median_won_cycle_days", "Median cycle (won)", "days", False, headline=True),
        Measure("avg_won_cycle_days", "Average cycle (won)", "days", False, headline=True),
        Measure("p90_won_cycle_days", "90th percentile cycle (won)", "days", False),
        Measure("lost_opportunities", "Lost deals", "count", False),
        Measure("avg_lost_cycle_days", "Average cycle (lost)", "days"),
    ),
    charts=(
        Chart("Won and lost deals", ("won_opportunities", "lost_opportunities"), "bar"),
        Chart(
            "Cycle length (days)",
            (
                "median_won_cycle_days",
                "avg_won_cycle_days",
                "p90_won_cycle_days",
                "avg_lost_cycle_days",
            ),
        ),
    ),
)

STAGE_DURATION = MartView(
    mart="kpi_sales_stage_duration",
    title="Time in each stage",
    description=(
        "Closed opportunities by close date: days spent in each open stage before closing "
        "(re-entries summed)."
    ),
    measures=(
        Measure("avg_days_in_stage", "Average days in stage", "days", False, headline=True),
        Measure("median_days_in_stage", "Median days in stage", "days", False),
        Measure("opportunities", "Opportunities", "count"),
    ),
    charts=(
        Chart("Average days in stage", ("avg_days_in_stage",)),
        Chart("Median days in stage", ("median_days_in_stage",)),
    ),
    series_column="stage_name",
    series_order_column="stage_sort_order",
)

SALES_VOLUME = MartView(
    mart="kpi_sales_volume",
    title="Sales volume",
    description=(
        "Units sold (the quantity of won line items) by close date: units, deals and money are "
        "three different numbers."
    ),
    measures=(
        Measure("units_sold", "Units sold", "count", headline=True),
        Measure("won_opportunities", "Won deals", "count", headline=True),
        Measure("bookings_usd", "Bookings", "usd", headline=True),
    ),
    charts=(
        Chart("Units sold", ("units_sold",), "bar"),
        Chart("Won deals", ("won_opportunities",), "bar"),
        Chart("Bookings (USD)", ("bookings_usd",)),
    ),
)

ACQUISITION_COST = MartView(
    mart="kpi_customer_acquisition_cost",
    title="Customer acquisition cost",
    description=(
        "Sales and marketing spend per new customer (an account whose first deal is won in the "
        "period)."
    ),
    measures=(
        Measure("cac_usd", "CAC", "usd", False, headline=True),
        Measure("new_customers", "New customers", "count", headline=True),
        Measure("total_spend_usd", "Sales and marketing spend", "usd", False, headline=True),
        Measure("sales_spend_usd", "Sales spend", "usd", False),
        Measure("marketing_spend_usd", "Marketing spend", "usd", False),
    ),
    charts=(
        Chart("CAC (USD)", ("cac_usd",)),
        Chart("Spend (USD)", ("sales_spend_usd", "marketing_spend_usd"), "bar"),
        Chart("New customers", ("new_customers",), "bar"),
    ),
)

CHURN = MartView(
    mart="kpi_customer_churn_rate",
    title="Customer churn",
    description="Customers active at the start of the period and no longer active at its end.",
    measures=(
        Measure("churn_rate", "Churn rate", "rate", False, headline=True),
        Measure("customers_at_start", "Customers at start", "count", headline=True),
        Measure("churned_customers", "Churned customers", "count", False, headline=True),
        Measure("gross_mrr_churn_rate", "Gross MRR churn", "rate", False, headline=True),
        Measure("customers_at_end", "Customers at end", "count"),
        Measure("mrr_at_start_usd", "MRR at start", "usd"),
        Measure("churned_mrr_usd", "Churned MRR", "usd", False),
    ),
    charts=(
        Chart("Churn rate", ("churn_rate", "gross_mrr_churn_rate")),
        Chart("Customers", ("customers_at_start", "customers_at_end")),
        Chart("Churned customers", ("churned_customers",), "bar"),
    ),
)

UPSELL = MartView(
    mart="kpi_upsell_cross_sell_rate",
    title="Up-sell and cross-sell",
    description=(
        "Customers at the start of the period who bought a more premium edition (up-sell) or "
        "a product family they did not hold (cross-sell)."
    ),
    measures=(
        Measure("upsell_rate", "Up-sell rate", "rate", headline=True),
        Measure("cross_sell_rate", "Cross-sell rate", "rate", headline=True),
        Measure("upsell_bookings_usd", "Up-sell bookings", "usd", headline=True),
        Measure("cross_sell_bookings_usd", "Cross-sell bookings", "usd", headline=True),
        Measure("customers_at_start", "Customers at start", "count"),
        Measure("upsell_customers", "Up-sell customers", "count"),
        Measure("cross_sell_customers", "Cross-sell customers", "count"),
        Measure("expansion_bookings_usd", "Expansion bookings", "usd"),
        Measure("new_business_bookings_usd", "New business bookings", "usd"),
    ),
    charts=(
        Chart("Up-sell and cross-sell rate", ("upsell_rate", "cross_sell_rate")),
        Chart(
            "Bookings by sale type (USD)",
            (
                "upsell_bookings_usd",
                "cross_sell_bookings_usd",
                "expansion_bookings_usd",
                "new_business_bookings_usd",
            ),
            "bar",
        ),
    ),
)

REVENUE_GROWTH = MartView(
    mart="kpi_revenue_growth",
    title="Revenue growth",
    description=(
        "Recognized subscription revenue and bookings, period over period and year over year."
    ),
    measures=(
        Measure("recognized_revenue_usd", "Recognized revenue", "usd", headline=True),
        Measure("revenue_growth_rate", "Revenue growth", "growth", headline=True),
        Measure("revenue_yoy_growth_rate", "Revenue growth YoY", "growth", headline=True),
        Measure("bookings_usd", "Bookings", "usd", headline=True),
        Measure("bookings_growth_rate", "Bookings growth", "growth"),
        Measure("bookings_yoy_growth_rate", "Bookings growth YoY", "growth"),
        Measure("previous_period_revenue_usd", "Previous period revenue", "usd"),
    ),
    charts=(
        Chart(
            "Recognized revenue and bookings (USD)",
            ("recognized_revenue_usd", "bookings_usd"),
            "bar",
        ),
        Chart(
            "Growth", ("revenue_growth_rate", "revenue_yoy_growth_rate", "bookings_yoy_growth_rate")
        ),
    ),
)

PRODUCTIVITY = MartView(
    mart="kpi_sales_productivity",
    title="Sales productivity",
    description=(
        "Input (activities, selling days) against output (won deals, bookings): efficiency, "
        "effectiveness and productivity = output / input."
    ),
    measures=(
        Measure("win_rate", "Win rate", "rate", headline=True),
        Measure(
            "activities_per_selling_day", "Activities per selling day", "number", headline=True
        ),
        Measure("bookings_per_activity_usd", "Bookings per activity", "usd", headline=True),
        Measure("won_per_100_activities", "Won per 100 activities", "number", headline=True),
        Measure("activities", "Activities", "count"),
        Measure("calls", "Calls", "count"),
        Measure("talk_minutes", "Talk time (minutes)", "count"),
        Measure("selling_days", "Selling days", "count"),
        Measure("won_opportunities", "Won deals", "count"),
        Measure("lost_opportunities", "Lost deals", "count", False),
        Measure("opportunities_created", "Opportunities created", "count"),
        Measure("bookings_usd", "Bookings", "usd"),
    ),
    charts=(
        Chart("Win rate", ("win_rate",)),
        Chart("Activities", ("activities", "calls"), "bar"),
        Chart(
            "Activities per selling day", ("activities_per_selling_day", "won_per_100_activities")
        ),
        Chart("Bookings per activity (USD)", ("bookings_per_activity_usd",)),
    ),
)

AREAS: tuple[Area, ...] = (
    Area(
        "lead-response",
        "Lead response and 4P",
        ":material/bolt:",
        "How fast and how well reps follow up on the leads that ask for contact.",
        (LEAD_RESPONSE, FOLLOW_UP_4P),
    ),
    Area(
        "pipeline",
        "Pipeline and cycle",
        ":material/timeline:",
        "How long deals take to close, and where they spend their time.",
        (SALES_CYCLE, STAGE_DURATION),
    ),
    Area(
        "volume",
        "Sales volume",
        ":material/inventory_2:",
        "Units sold, by product, channel and geography.",
        (SALES_VOLUME,),
    ),
    Area(
        "customers",
        "Customers",
        ":material/groups:",
        "What winning a customer costs, how many stay, and how many buy more.",
        (ACQUISITION_COST, CHURN, UPSELL),
    ),
    Area(
        "revenue",
        "Revenue growth",
        ":material/trending_up:",
        "Recognized revenue and bookings over time.",
        (REVENUE_GROWTH,),
    ),
    Area(
        "productivity",
        "Productivity",
        ":material/speed:",
        "Activities, selling days and outcomes per team and rep.",
        (PRODUCTIVITY,),
    ),
)


def all_mart_views() -> tuple[MartView, ...]:
    return tuple(view for area in AREAS for view in area.marts)
