"""Each anomaly of docs/raw-contract.md is in the committed demo in its documented amount
(salesfx.generator.anomalies.ANOMALIES, listed in docs/demo-data.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesfx.generator import GeneratorConfig, measures
from salesfx.generator.anomalies import expected_counts

SEEDS = Path(__file__).resolve().parents[1] / "seeds" / "raw"
EXPECTED = expected_counts(GeneratorConfig())


@pytest.fixture(scope="module")
def counted() -> dict[str, int]:
    return measures.count_anomalies(measures.load_raw(SEEDS))


@pytest.mark.parametrize("anomaly", sorted(EXPECTED))
def test_anomaly_amount(counted: dict[str, int], anomaly: str) -> None:
    assert counted[anomaly] == EXPECTED[anomaly]


def test_every_counted_anomaly_is_documented(counted: dict[str, int]) -> None:
    assert set(counted) == set(EXPECTED)
    docs = (SEEDS.parents[1] / "docs" / "demo-data.md").read_text()
    for anomaly, amount in EXPECTED.items():
        assert f"`{anomaly}`" in docs, anomaly
        assert f"| {amount} |" in docs.split(f"`{anomaly}`", 1)[1].split("\n", 1)[0], anomaly


def test_rate_gap_is_the_documented_month() -> None:
    assert measures.rate_gaps(measures.load_raw(SEEDS)) == [("JPY", "2025-03")]
