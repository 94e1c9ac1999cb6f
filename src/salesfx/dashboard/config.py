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
    """A chart over time of one or more measures that share a format; its title defaults to
    the measures' registry labels."""

    columns: tuple[str, ...]
    kind: ChartKind = "line"
    title: str | None = None
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

    def chart_title(self, chart: Chart) -> str:
        """The chart's own title, else its measures' labels: 'A', 'A and B', 'A, B and C'."""
        if chart.title:
            return chart.title
        labels = [self.measure(column).label for column in chart.columns]
        return " and ".join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 1 else labels)


@dataclass(frozen=True)
class Area:
    """A page of the dashboard: one KPI area, one or more marts (in registry order). A page
    of one mart takes the mart's registry title unless it has its own."""

    slug: str
    icon: str
    intro: str
    marts: tuple[str, ...]
    title: str = ""
    views: tuple[MartView, ...] = field(default=(), compare=False)


LAYOUTS: Mapping[str, Layout] = {
    "kpi_lead_response_time": Layout(
        (
            Chart(("lead_requests", "responded_requests"), "bar"),
            Chart(("response_rate", "sla_attainment_rate")),
            Chart(
                ("median_promptness_minutes", "avg_promptness_minutes", "p90_promptness_minutes"),
                title="Response time (minutes, log scale)",
                log_scale=True,
            ),
        )
    ),
    "kpi_follow_up_4p": Layout(
        (
            Chart(("performance_reach_rate", "conversion_rate", "won_rate")),
            Chart(("avg_persistence_follow_ups", "avg_personalization_score")),
        )
    ),
    "kpi_sales_cycle_length": Layout(
        (
            Chart(("won_opportunities", "lost_opportunities"), "bar"),
            Chart(
                (
                    "median_won_cycle_days",
                    "avg_won_cycle_days",
                    "p90_won_cycle_days",
                    "avg_lost_cycle_days",
                ),
                title="Cycle length (days)",
            ),
        )
    ),
    "kpi_sales_stage_duration": Layout(
        (Chart(("avg_days_in_stage",)), Chart(("median_days_in_stage",))),
        series_column="stage_name",
        series_order_column="stage_sort_order",
        series_measure="avg_days_in_stage",
    ),
    "kpi_sales_volume": Layout(
        (
            Chart(("units_sold",), "bar"),
            Chart(("won_opportunities",), "bar"),
            Chart(("bookings_usd",), title="Bookings (USD)"),
        )
    ),
    "kpi_customer_acquisition_cost": Layout(
        (
            Chart(("cac_usd",), title="CAC (USD)"),
            Chart(("sales_spend_usd", "marketing_spend_usd"), "bar", title="Spend (USD)"),
            Chart(("new_customers",), "bar"),
        )
    ),
    "kpi_customer_churn_rate": Layout(
        (
            Chart(("churn_rate", "gross_mrr_churn_rate")),
            Chart(("customers_at_start", "customers_at_end"), title="Customers"),
            Chart(("churned_customers",), "bar"),
        )
    ),
    "kpi_upsell_cross_sell_rate": Layout(
        (
            Chart(("upsell_rate", "cross_sell_rate")),
            Chart(
                (
                    "upsell_bookings_usd",
                    "cross_sell_bookings_usd",
                    "expansion_bookings_usd",
                    "new_business_bookings_usd",
                ),
                "bar",
                title="Bookings by sale type (USD)",
            ),
        )
    ),
    "kpi_revenue_growth": Layout(
        (
            Chart(
                ("recognized_revenue_usd", "bookings_usd"),
                "bar",
                title="Recognized revenue and bookings (USD)",
            ),
            Chart(
                ("revenue_growth_rate", "revenue_yoy_growth_rate", "bookings_yoy_growth_rate"),
                title="Growth",
            ),
        )
    ),
    "kpi_sales_productivity": Layout(
        (
            Chart(("win_rate",)),
            Chart(("activities", "calls"), "bar"),
            Chart(("activities_per_selling_day", "won_per_100_activities")),
            Chart(("bookings_per_activity_usd",), title="Bookings per activity (USD)"),
        )
    ),
}

AREAS: tuple[Area, ...] = (
    Area(
        "lead-response",
        ":material/bolt:",
        "How fast and how well reps follow up on the leads that ask for contact.",
        ("kpi_lead_response_time", "kpi_follow_up_4p"),
        title="Lead response and 4P",
    ),
    Area(
        "pipeline",
        ":material/timeline:",
        "How long deals take to close, and where they spend their time.",
        ("kpi_sales_cycle_length", "kpi_sales_stage_duration"),
        title="Pipeline and cycle",
    ),
    Area(
        "volume",
        ":material/inventory_2:",
        "Units sold, by product, channel and geography.",
        ("kpi_sales_volume",),
    ),
    Area(
        "customers",
        ":material/groups:",
        "What winning a customer costs, how many stay, and how many buy more.",
        ("kpi_customer_acquisition_cost", "kpi_customer_churn_rate", "kpi_upsell_cross_sell_rate"),
        title="Customers",
    ),
    Area(
        "revenue",
        ":material/trending_up:",
        "Recognized revenue and bookings over time.",
        ("kpi_revenue_growth",),
    ),
    Area(
        "productivity",
        ":material/speed:",
        "Activities, selling days and outcomes per team and rep.",
        ("kpi_sales_productivity",),
        title="Productivity",
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
        for chart in layout.charts:
            kinds = {mart.measure(c).format for c in chart.columns if c in measures}
            if len(kinds) > 1:
                out.append(f"{mart.name}: chart of {chart.columns} mixes formats {sorted(kinds)}")
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
        title = area.title or (views[0].title if views else area.slug)
        out.append(Area(area.slug, area.icon, area.intro, area.marts, title, views))
    return tuple(out)


def all_mart_views(registry: Registry) -> tuple[MartView, ...]:
    """Every registry mart that is on a page, in registry order."""
    views = {view.mart: view for area in areas(registry) for view in area.views}
    return tuple(views[mart.name] for mart in registry.marts if mart.name in views)
