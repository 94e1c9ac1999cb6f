"""Generator settings: the size of the demo company and the strength of the planted effects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

COMPANY_NAME = "Northwind Analytics"
COMPANY_DOMAIN = "northwind-analytics.com"
HISTORY_START = datetime(2024, 1, 1)
HISTORY_END = datetime(2025, 12, 31, 23, 59, 59)
MIN_SCALE = 0.05

# The rep whose deals close fastest and whose customers churn most (docs/kpis.md, sales cycle length).
FAST_CLOSER_NAME = ("Jordan", "Blake")
FAST_CLOSER_TEAM = "AMER Mid-Market"
# The product that churns clearly more than the others (docs/kpis.md, churn by product).
HIGH_CHURN_PRODUCT_CODE = "SEC-STD"


@dataclass(frozen=True)
class GeneratorConfig:
    """Sizes at scale 1; `scaled()` applies --scale."""

    seed: int = 42
    scale: float = 1.0
    start: datetime = HISTORY_START
    end: datetime = HISTORY_END

    reps: int = 40
    inbound_leads: int = 4000
    outbound_leads: int = 1000
    unmatched_submitters: int = 380
    direct_opportunity_accounts: int = 650
    extra_contacts_per_customer: float = 1.6
    contact_submitter_share: float = 0.45
    upgrade_opportunities: int = 170
    add_on_opportunities: int = 170
    cross_sell_opportunities: int = 130
    renewal_share: float = 0.5
    list_email_tasks: int = 1500
    automated_email_tasks: int = 450
    inbound_call_tasks: int = 320
    internal_call_tasks: int = 120
    social_tasks: int = 1400
    open_tasks: int = 1300

    def scaled(self, base: float) -> int:
        """A count at this scale (at least 1)."""
        return max(1, round(base * self.scale))

    def rng_seed(self, stream: str) -> str:
        """A seed for an independent random stream (stable across Python runs)."""
        return f"salesfx:{self.seed}:{stream}"
