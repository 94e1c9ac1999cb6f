"""The dashboard's layout: which page shows which kpi_ mart, and its charts.

Only presentation lives here. What a measure is (label, format, which way is better, whether it
is a headline card, its definition) and what a mart is called come from the KPI registry, written
once in the mart YAML (`salesfx.registry`; the dashboard reads its published copy,
dim_kpi_measures). Every kpi_ mart has the same key (period_grain, period_start,
is_complete_period, segment_type, segment_value, segment_label), so one generic view renders any
of them. Adding a mart to the dashboard is adding it to an area below, with its charts; a test
checks that every registry mart is on a page and every chart column is a registry measure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from salesfx.registry import Mart, Measure, Registry

ChartKind = Literal["line", "bar"]


@dataclass(frozen=True)
class Chart:
    """A chart over time of one or more measures that share a format."""

    title: str
    columns: tuple[str, ...]
    kind: ChartKind = "line"
    log_scale: bool = False  # for measures spread over orders of magnitude (minutes to days)


@dataclass(frozen=True)
class Layout:
    """How to lay out one kpi_ mart: its charts, and for a mart with an extra key column
    (kpi_sales_stage_duration: stage_name) the series it draws and the measure of its cards."""

    charts: tuple[Chart, ...]
    series_column: str | None = None
    series_order_column: str | None = None
    series_measure: str | None = None


@dataclass(frozen=True)
class MartView:
    """A registry mart with its layout: what the generic view renders."""

    mart: str
    info: Mart
    layout: Layout

    @property
    def title(self) -> str:
        return self.info.title

    @property
    def description(self) -> str:
        return self.info.description

    @property
    def measures(self) -> tuple[Measure, ...]:
        return self.info.measures

    @property
    def headlines(self) -> tuple[Measure, ...]:
        return self.info.headlines

    @property
    def charts(self) -> tuple[Chart, ...]:
        return self.layout.charts

    @property
    def series_column(self) -> str | None:
        return self.layout.series_column

    @property
    def series_order_column(self) -> str | None:
        return self.layout.series_order_column

    def measure(self, column: str) -> Measure:
        return self.info.measure(column)


@dataclass(frozen=True)
class Area:
    """A page of the dashboard: one KPI area, one or more marts (in registry order)."""

    slug: str
    title: str
    icon: str
    intro: str
    marts: tuple[str, ...]
    views: tuple[MartView, ...] = field(default=(), compare=False)


LAYOUTS: Mapping[str, Layout] = {
    "kpi_lead_response_time": Layout(
        (
            Chart("Requests and responses", ("lead_requests", "responded_requests"), "bar"),
            Chart("Response rate and SLA attainment", ("response_rate", "sla_attainment_rate")),
            Chart(
                "Response time (minutes, log scale)",
                ("median_promptness_minutes", "avg_promptness_minutes", "p90_promptness_minutes"),
                log_scale=True,
            ),
        )
    ),
    "kpi_follow_up_4p": Layout(
        (
            Chart(
                "Reach, conversion and won rate",
                ("performance_reach_rate", "conversion_rate", "won_rate"),
            ),
            Chart(
                "Persistence and personalization",
                ("avg_persistence_follow_ups", "avg_personalization_score"),
            ),
        )
    ),
    "kpi_sales_cycle_length": Layout(
        (
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
        )
    ),
    "kpi_sales_stage_duration": Layout(
        (
            Chart("Average days in stage", ("avg_days_in_stage",)),
            Chart("Median days in stage", ("median_days_in_stage",)),
        ),
        series_column="stage_name",
        series_order_column="stage_sort_order",
        series_measure="avg_days_in_stage",
    ),
    "kpi_sales_volume": Layout(
        (
            Chart("Units sold", ("units_sold",), "bar"),
            Chart("Won deals", ("won_opportunities",), "bar"),
            Chart("Bookings (USD)", ("bookings_usd",)),
        )
    ),
    "kpi_customer_acquisition_cost": Layout(
        (
            Chart("CAC (USD)", ("cac_usd",)),
            Chart("Spend (USD)", ("sales_spend_usd", "marketing_spend_usd"), "bar"),
            Chart("New customers", ("new_customers",), "bar"),
        )
    ),
    "kpi_customer_churn_rate": Layout(
        (
            Chart("Churn rate", ("churn_rate", "gross_mrr_churn_rate")),
            Chart("Customers", ("customers_at_start", "customers_at_end")),
            Chart("Churned customers", ("churned_customers",), "bar"),
        )
    ),
    "kpi_upsell_cross_sell_rate": Layout(
        (
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
        )
    ),
    "kpi_revenue_growth": Layout(
        (
            Chart(
                "Recognized revenue and bookings (USD)",
                ("recognized_revenue_usd", "bookings_usd"),
                "bar",
            ),
            Chart(
                "Growth",
                ("revenue_growth_rate", "revenue_yoy_growth_rate", "bookings_yoy_growth_rate"),
            ),
        )
    ),
    "kpi_sales_productivity": Layout(
        (
            Chart("Win rate", ("win_rate",)),
            Chart("Activities", ("activities", "calls"), "bar"),
            Chart(
                "Activities per selling day",
                ("activities_per_selling_day", "won_per_100_activities"),
            ),
            Chart("Bookings per activity (USD)", ("bookings_per_activity_usd",)),
        )
    ),
}

AREAS: tuple[Area, ...] = (
    Area(
        "lead-response",
        "Lead response and 4P",
        ":material/bolt:",
        "How fast and how well reps follow up on the leads that ask for contact.",
        ("kpi_lead_response_time", "kpi_follow_up_4p"),
    ),
    Area(
        "pipeline",
        "Pipeline and cycle",
        ":material/timeline:",
        "How long deals take to close, and where they spend their time.",
        ("kpi_sales_cycle_length", "kpi_sales_stage_duration"),
    ),
    Area(
        "volume",
        "Sales volume",
        ":material/inventory_2:",
        "Units sold, by product, channel and geography.",
        ("kpi_sales_volume",),
    ),
    Area(
        "customers",
        "Customers",
        ":material/groups:",
        "What winning a customer costs, how many stay, and how many buy more.",
        ("kpi_customer_acquisition_cost", "kpi_customer_churn_rate", "kpi_upsell_cross_sell_rate"),
    ),
    Area(
        "revenue",
        "Revenue growth",
        ":material/trending_up:",
        "Recognized revenue and bookings over time.",
        ("kpi_revenue_growth",),
    ),
    Area(
        "productivity",
        "Productivity",
        ":material/speed:",
        "Activities, selling days and outcomes per team and rep.",
        ("kpi_sales_productivity",),
    ),
)


def layout_problems(registry: Registry) -> list[str]:
    """Where the layout and the registry disagree (a renamed mart or column fails here)."""
    out: list[str] = []
    on_pages = [mart for area in AREAS for mart in area.marts]
    known = {mart.name for mart in registry.marts}
    out += [
        f"{name} is in the layout but not in the registry" for name in on_pages if name not in known
    ]
    out += [f"{name} is on no dashboard page" for name in sorted(known - set(on_pages))]
    out += [
        f"{name} is on more than one page"
        for name in sorted({n for n in on_pages if on_pages.count(n) > 1})
    ]
    out += [f"{name} has no layout (charts)" for name in sorted(known - set(LAYOUTS))]
    for mart in registry.marts:
        layout = LAYOUTS.get(mart.name)
        if layout is None:
            continue
        measures = {measure.column for measure in mart.measures}
        wanted = [column for chart in layout.charts for column in chart.columns]
        wanted += [layout.series_measure] if layout.series_measure else []
        out += [
            f"{mart.name}.{c}: charted but not a registry measure"
            for c in wanted
            if c not in measures
        ]
        formats = {
            chart.title: {mart.measure(c).format for c in chart.columns if c in measures}
            for chart in layout.charts
        }
        out += [
            f"{mart.name}: chart {title!r} mixes formats {sorted(f)}"
            for title, f in formats.items()
            if len(f) > 1
        ]
        if not mart.headlines and not layout.series_measure:
            out.append(f"{mart.name}: no headline measure to show as a card")
    return out


def areas(registry: Registry) -> tuple[Area, ...]:
    """The pages with their views bound to the registry (marts missing from it are left out)."""
    known = {mart.name: mart for mart in registry.marts}
    order = {mart.name: index for index, mart in enumerate(registry.marts)}
    out: list[Area] = []
    for area in AREAS:
        names = sorted((n for n in area.marts if n in known), key=order.__getitem__)
        views = tuple(MartView(n, known[n], LAYOUTS.get(n, Layout(()))) for n in names)
        out.append(Area(area.slug, area.title, area.icon, area.intro, area.marts, views))
    return tuple(out)


def all_mart_views(registry: Registry) -> tuple[MartView, ...]:
    """Every registry mart that is on a page, in registry order."""
    views = {view.mart: view for area in areas(registry) for view in area.views}
    return tuple(views[mart.name] for mart in registry.marts if mart.name in views)
