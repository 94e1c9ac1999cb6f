"""The demo data generator: determinism, the committed demo, the contract's columns, --scale,
Parquet output."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
import yaml

from salesfx.cli import main
from salesfx.generator import measures
from salesfx.generator.schema import TABLES
from salesfx.generator.seeds_yml import seed_type
from salesfx.generator.writer import ARROW_TYPES

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds" / "raw"
HISTORY_START = pd.Timestamp("2024-01-01")
HISTORY_END = pd.Timestamp("2025-12-31 23:59:59")


def source_columns() -> dict[str, list[str]]:
    """'source.table' -> column names, as the project's sources YAML declares them."""
    declared: dict[str, list[str]] = {}
    for path in sorted(ROOT.glob("models/staging/*/_*__sources.yml")):
        for source in yaml.safe_load(path.read_text())["sources"]:
            for table in source["tables"]:
                columns = [column["name"] for column in table.get("columns", [])]
                declared[f"{source['name']}.{table['name']}"] = columns
    return declared


def digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def generate(out: Path, *args: str) -> Path:
    assert main(["generate", "--out", str(out), "--quiet", *args]) == 0
    return out


@pytest.fixture(scope="module")
def default_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("default"))


@pytest.fixture(scope="module")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("small"), "--scale", "0.1", "--format", "both")


def test_committed_demo_is_the_default_output(default_run: Path) -> None:
    """seeds/raw/ is exactly what `salesfx generate` writes at the default settings."""
    assert digests(default_run) == digests(SEEDS)


def test_same_seed_same_bytes(small_run: Path, tmp_path: Path) -> None:
    again = generate(tmp_path / "again", "--scale", "0.1", "--format", "both")
    assert digests(again) == digests(small_run)


def test_other_seed_other_data(small_run: Path, tmp_path: Path) -> None:
    other = generate(tmp_path / "other", "--scale", "0.1", "--seed", "7")
    for key in ("salesforce/lead.csv", "salesforce/task.csv", "billing/subscription.csv"):
        assert (other / key).read_bytes() != (small_run / key).read_bytes()


def test_schema_is_the_sources_contract() -> None:
    """The generator writes exactly the tables and columns (in order) of the sources YAML."""
    declared = source_columns()
    assert sorted(declared) == sorted(table.key for table in TABLES)
    for table in TABLES:
        assert table.column_names == declared[table.key], table.key


def test_every_committed_table_has_exactly_the_contract_columns() -> None:
    declared = source_columns()
    for table in TABLES:
        header = (SEEDS / table.source / f"{table.name}.csv").read_text().split("\n", 1)[0]
        assert header.split(",") == declared[table.key], table.key


def test_seed_yml_types_every_column() -> None:
    text = (SEEDS / "_raw__seeds.yml").read_text()
    for table in TABLES:
        block = text.split(f"  - name: {table.name}\n", 1)[1].split("\n  - name:", 1)[0]
        for column in table.columns:
            typed = f"        {column.name}: {seed_type(column.type)}\n"
            assert typed in block, (table.key, column.name)
            assert f"      - name: {column.name}\n" in block, (table.key, column.name)


def test_history_window_and_links() -> None:
    raw = measures.load_raw(SEEDS)
    for table in TABLES:
        frame = raw[table.key]
        for column in table.columns:
            if column.type == "timestamp" and column.name != "_fivetran_synced":
                values = frame[column.name].dropna()
                assert values.max() <= HISTORY_END, (table.key, column.name)
                if table.key != "billing.subscription":
                    assert values.min() >= HISTORY_START, (table.key, column.name)
    opportunities = measures.current(raw["salesforce.opportunity"])
    closed = opportunities[opportunities["is_closed"].astype(bool)]
    assert closed["close_date"].max() <= HISTORY_END
    accounts = set(raw["salesforce.account"]["id"])
    assert set(opportunities["account_id"]) <= accounts
    assert set(raw["billing.subscription"]["crm_account_id"]) <= accounts
    tasks = set(raw["salesforce.task"]["id"])
    messages = raw["salesforce.email_message"]
    assert set(messages["activity_id"]) <= tasks
    email_tasks = measures.current(raw["salesforce.task"])
    email_tasks = email_tasks[email_tasks["task_subtype"] == "Email"]
    assert set(email_tasks["id"]) <= set(messages["activity_id"])
    lines = measures.current(raw["salesforce.opportunity_line_item"])
    totals = lines.groupby("opportunity_id")["total_price"].sum().round(2)
    amounts = opportunities.set_index("id")["amount"]
    assert (totals - amounts.reindex(totals.index)).abs().max() < 0.05
    prefixes = {
        "salesforce.user": "005",
        "salesforce.lead": "00Q",
        "salesforce.contact": "003",
        "salesforce.task": "00T",
        "salesforce.email_message": "02s",
        "salesforce.opportunity_history": "008",
    }
    for key, prefix in prefixes.items():
        ids = raw[key]["id"]
        assert ids.str.len().eq(18).all() and ids.str.startswith(prefix).all(), key


def test_scale_makes_proportional_data(small_run: Path) -> None:
    for key in (
        "salesforce.lead",
        "salesforce.task",
        "salesforce.opportunity",
        "salesforce.email_message",
        "marketing.form_submission",
        "billing.subscription",
    ):
        source, name = key.split(".")
        small = len(pd.read_csv(small_run / source / f"{name}.csv", dtype=str))
        full = len(pd.read_csv(SEEDS / source / f"{name}.csv", dtype=str))
        assert 0.06 <= small / full <= 0.15, (key, small, full)


def test_parquet_output_is_readable(small_run: Path) -> None:
    import pyarrow.parquet as pq

    for table in TABLES:
        folder = small_run / table.source / table.name
        assert sorted(path.name for path in folder.iterdir()) == ["part-00000.parquet"]
        parquet = pq.read_table(folder)
        rows = len(pd.read_csv(small_run / table.source / f"{table.name}.csv", dtype=str))
        assert parquet.num_rows == rows, table.key
        assert parquet.column_names == table.column_names, table.key
        # Parquet stores second timestamps as milliseconds
        types = [
            pa.timestamp("ms") if column.type == "timestamp" else ARROW_TYPES[column.type]
            for column in table.columns
        ]
        assert parquet.schema.types == types, table.key


def test_small_scale_anomaly_counts(small_run: Path) -> None:
    from salesfx.generator import GeneratorConfig
    from salesfx.generator.anomalies import expected_counts

    counts = measures.count_anomalies(measures.load_raw(small_run))
    assert counts == expected_counts(GeneratorConfig(scale=0.1))


def test_company_names_do_not_run_out() -> None:
    """Large scales need more company names than the word lists combine to (no endless loop)."""
    from salesfx.generator import GeneratorConfig
    from salesfx.generator.model import World
    from salesfx.generator.people import new_company

    world = World(GeneratorConfig())
    rng = world.rng("names")
    names = [new_company(world, rng).name for _ in range(40_000)]
    assert len(world.used_company_names) == 40_000
    assert len(names) == 40_000
