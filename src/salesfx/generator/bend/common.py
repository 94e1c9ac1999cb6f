"""What the bend classes share: their random streams, reserved ids, the current copy of a row."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TypeVar

from salesfx.generator.config import GeneratorConfig
from salesfx.generator.ids import SalesforceIds
from salesfx.generator.model import Row, World
from salesfx.generator.schema import Table

T = TypeVar("T")
Tables = dict[str, list[Row]]

# Ids a bend adds (queues, deleted users, new roles, products, rate rows) come from blocks no
# chunk uses (chunk k uses block k; the CLI keeps the number of chunks far below this).
BEND_BLOCK = 3800
RESERVED_FOR_ADDED_ROWS = 0
RESERVED_FOR_QUEUES = 1
RESERVED_FOR_DELETED_USERS = 2


@dataclass(frozen=True)
class Context:
    """The chunk a bend works on ('chunk0', 'chunk1'... or 'spend'), its company and the tables
    as the bent export writes them."""

    config: GeneratorConfig
    part: str
    schema: dict[str, Table]

    def rng(self, bend_class: str) -> random.Random:
        return random.Random(f"salesfx:{self.config.seed}:bend:{bend_class}:{self.part}")

    @property
    def reference(self) -> World:
        return reference_world(self.config.seed)


@lru_cache(maxsize=4)
def reference_world(seed: int) -> World:
    """Roles, managers and automation users as every chunk builds them (their ids)."""
    from salesfx.generator import org

    world = World(GeneratorConfig(seed=seed))
    org.build_reference_org(world)
    return world


def reserved_ids(offset: int) -> SalesforceIds:
    return SalesforceIds(block=BEND_BLOCK + offset)


def current_rows(rows: list[Row]) -> dict[str, Row]:
    """The row staging keeps per id: not soft-deleted, the latest `_fivetran_synced`."""
    latest: dict[str, Row] = {}
    for row in rows:
        if row.get("is_deleted"):
            continue
        kept = latest.get(row["id"])
        if kept is None or (row["_fivetran_synced"] or datetime.min) >= (
            kept["_fivetran_synced"] or datetime.min
        ):
            latest[row["id"]] = row
    return latest


def share(rng: random.Random, items: Sequence[T], fraction: float) -> list[T]:
    """A random `fraction` of `items` (at least one when there are any), in their order."""
    if not items:
        return []
    count = min(len(items), max(1, round(len(items) * fraction)))
    chosen = set(rng.sample(range(len(items)), count))
    return [item for index, item in enumerate(items) if index in chosen]
