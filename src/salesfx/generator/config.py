"""Generator settings: the size of the demo company and the strength of the planted effects."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime

COMPANY_NAME = "Northwind Analytics"
COMPANY_DOMAIN = "northwind-analytics.com"
HISTORY_START = datetime(2024, 1, 1)
HISTORY_END = datetime(2025, 12, 31, 23, 59, 59)
MIN_SCALE = 0.05
MAX_SCALE = 3000.0  # chunk k numbers its ids in block k: keep the chunks below the reserved blocks
# The company is generated in chunks of at most this scale (bounded memory; see chunk_count()).
CHUNK_SCALE = 1.0

# The rep whose deals close fastest and whose customers churn most
# (docs/kpis.md, sales cycle length).
FAST_CLOSER_NAME = ("Jordan", "Blake")
FAST_CLOSER_TEAM = "AMER Mid-Market"
# The product that churns clearly more than the others (docs/kpis.md, churn by product).
HIGH_CHURN_PRODUCT_CODE = "SEC-STD"


def chunk_count(scale: float, chunk_scale: float = CHUNK_SCALE) -> int:
    """How many independent chunks make the company at `scale`: 1 up to `chunk_scale`."""
    return max(1, math.ceil(scale / chunk_scale - 1e-9))


@dataclass(frozen=True)
class GeneratorConfig:
    """Sizes at scale 1; `scaled()` applies --scale (and the chunk's share of it).

    A company above CHUNK_SCALE is generated as `chunks` independent slices (its own reps,
    companies, leads, deals...): chunk `chunk` makes its share of every scaled count, draws from
    its own random streams and numbers its ids in its own block. With one chunk (scale up to
    CHUNK_SCALE) the generation is the single-pass one the committed demo comes from.
    """

    seed: int = 42
    scale: float = 1.0
    start: datetime = HISTORY_START
    end: datetime = HISTORY_END
    chunk: int = 0
    chunks: int = 1
    chunk_scale: float = CHUNK_SCALE  # tests use smaller chunks; the CLI always CHUNK_SCALE

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

    def total(self, base: float) -> int:
        """A count for the whole company at this scale (at least 1)."""
        return max(1, round(base * self.scale))

    def scaled(self, base: float, rotation: int = 0) -> int:
        """This chunk's share of total(base); the shares of all chunks add up to it. The
        remainder goes to the chunks from `rotation` on (spreads small counts, e.g. reps)."""
        total = self.total(base)
        extra = (self.chunk - rotation) % self.chunks < total % self.chunks
        return total // self.chunks + (1 if extra else 0)

    def rng_seed(self, stream: str) -> str:
        """A seed for an independent random stream of this chunk (stable across Python runs)."""
        if self.chunk == 0:
            return self.global_seed(stream)
        return f"salesfx:{self.seed}:{stream}:chunk{self.chunk}"

    def global_seed(self, stream: str) -> str:
        """A seed for a stream every chunk shares (reference data, spend)."""
        return f"salesfx:{self.seed}:{stream}"

    def chunked(self) -> list[GeneratorConfig]:
        """One config per chunk of this company."""
        count = chunk_count(self.scale, self.chunk_scale)
        return [replace(self, chunk=index, chunks=count) for index in range(count)]
