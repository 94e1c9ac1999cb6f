"""The generator's fast helpers give exactly what the plain standard-library forms give (the
same random draws, the same timestamps, the same row order): the committed demo and every
generated company stay byte for byte what they were before the helpers were made faster."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from salesfx.generator.build import _sort_by_id_then_synced
from salesfx.generator.model import Weights, between, pick, plus, randint, seconds, weighted

MOMENT = datetime(2025, 3, 30, 1, 59, 59)


def _plus_reference(
    moment: datetime, *, days: float = 0, hours: float = 0, minutes: float = 0
) -> datetime:
    return (moment + timedelta(days=days, hours=hours, minutes=minutes)).replace(microsecond=0)


def test_plus_is_timedelta_by_keyword_then_whole_seconds() -> None:
    rng = random.Random(1)
    for _ in range(20_000):
        days, hours, minutes = rng.uniform(-400, 400), rng.uniform(-30, 30), rng.uniform(-900, 900)
        for parts in (
            {"days": days},
            {"minutes": minutes},
            {"days": days, "minutes": minutes},
            {"hours": hours},
            {"days": days, "hours": hours, "minutes": minutes},
            {"days": round(days)},
        ):
            assert plus(MOMENT, **parts) == _plus_reference(MOMENT, **parts), parts
    # a moment with microseconds is floored to the second too
    odd = MOMENT.replace(microsecond=999_999)
    assert plus(odd, minutes=0.5) == _plus_reference(odd, minutes=0.5)


def test_seconds_and_between_drop_microseconds_as_replace_does() -> None:
    rng = random.Random(2)
    for _ in range(5_000):
        moment = MOMENT + timedelta(microseconds=rng.randrange(-(10**9), 10**9))
        assert seconds(moment) == moment.replace(microsecond=0)
    one, two = random.Random(3), random.Random(3)
    end = MOMENT + timedelta(days=700)
    for _ in range(5_000):
        span = max(0.0, (end - MOMENT).total_seconds())
        expected = (MOMENT + timedelta(seconds=two.random() * span)).replace(microsecond=0)
        assert between(one, MOMENT, end) == expected


def test_pick_and_randint_draw_as_the_random_module() -> None:
    fast, plain, lows = random.Random(4), random.Random(4), random.Random(0)
    for size in [1, 2, 3, 7, 8, 9, 62, 64, 65, 1000, 4097] * 300:
        items = range(size)
        assert pick(fast, items) == items[plain.randrange(size)]
        low = lows.randrange(-50, 50)
        assert randint(fast, low, low + size) == plain.randint(low, low + size)
    assert fast.random() == plain.random()  # the streams stayed in step


def test_weights_draw_as_the_plain_pairs() -> None:
    pairs = (("a", 0.1), ("b", 45), ("c", 0.35), ("d", 30), ("e", 1e-3))
    constant = Weights(pairs)
    assert constant == pairs and constant.total == sum(weight for _, weight in pairs)
    one, two = random.Random(5), random.Random(5)
    assert [weighted(one, constant) for _ in range(20_000)] == [
        weighted(two, list(pairs)) for _ in range(20_000)
    ]


def test_sort_by_id_then_synced_is_the_tuple_sort() -> None:
    rng = random.Random(6)
    for _ in range(2_000):
        count = rng.randint(0, 50)
        rows = [
            {
                "id": f"{rng.randint(0, count // 2 + 1):03d}",
                "_fivetran_synced": None
                if rng.random() < 0.2
                else MOMENT + timedelta(hours=rng.randint(0, 4)),
                "n": n,
            }
            for n in range(count)
        ]
        expected = sorted(
            rows, key=lambda row: (row["id"], row["_fivetran_synced"] or datetime.min)
        )
        _sort_by_id_then_synced(rows, "id")
        assert [row["n"] for row in rows] == [row["n"] for row in expected]
