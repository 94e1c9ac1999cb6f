"""A company made of several chunks (what large scales do): the chunks add up to the company's
counts, ids and emails stay unique, the output does not depend on the number of jobs, and
Parquet parts roll over."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from salesfx.commands.generate import write_tables
from salesfx.generator import GeneratorConfig, measures, writer
from salesfx.generator.anomalies import expected_counts
from salesfx.generator.schema import TABLES

# Three chunks of scale 0.1 (the CLI makes chunks of scale 1; smaller ones keep the test fast).
CONFIG = GeneratorConfig(scale=0.3, chunk_scale=0.1)


def digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def chunked_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("chunked")
    write_tables(out, CONFIG, "both", jobs=1)
    return out


@pytest.fixture(scope="module")
def raw(chunked_run: Path) -> dict[str, pd.DataFrame]:
    return measures.load_raw(chunked_run)


def test_three_chunks() -> None:
    assert [config.chunk for config in CONFIG.chunked()] == [0, 1, 2]


@pytest.mark.parametrize("base", [1, 2, 5, 40, 1500, 4000])
def test_chunk_shares_add_up_to_the_company(base: int) -> None:
    assert sum(config.scaled(base) for config in CONFIG.chunked()) == CONFIG.total(base)


def test_output_does_not_depend_on_jobs(chunked_run: Path, tmp_path: Path) -> None:
    write_tables(tmp_path, CONFIG, "both", jobs=2)
    assert digests(tmp_path) == digests(chunked_run)


def test_anomaly_counts_are_the_company_totals(raw: dict[str, pd.DataFrame]) -> None:
    assert measures.count_anomalies(raw) == expected_counts(CONFIG)


def test_reference_tables_are_written_once(raw: dict[str, pd.DataFrame]) -> None:
    single = {"salesforce.user_role": 11, "salesforce.opportunity_stage": 7}
    single |= {"salesforce.product_2": 12, "salesforce.dated_conversion_rate": 71}
    for key, rows in single.items():
        assert len(raw[key]) == rows, key
    users = raw["salesforce.user"].drop_duplicates("id")
    assert (users["user_type"] == "AutomatedProcess").sum() == 4
    assert users["name"].is_unique and users["email"].is_unique


def test_ids_and_emails_are_unique_across_chunks(raw: dict[str, pd.DataFrame]) -> None:
    for table in TABLES:
        if "_fivetran_synced" in table.column_names and "id" in table.column_names:
            current = measures.current(raw[table.key])
            assert current["id"].is_unique, table.key
    for key in ("salesforce.lead", "salesforce.contact"):
        emails = measures.normalize_email(measures.current(raw[key])["email"]).dropna()
        assert emails.is_unique, key
    ids = pd.concat([measures.current(raw[key])["id"] for key in ("salesforce.task",)])
    assert ids.str.len().eq(18).all()


def test_every_chunk_has_its_own_reps_and_leads(raw: dict[str, pd.DataFrame]) -> None:
    users = raw["salesforce.user"].drop_duplicates("id")
    reps = users[users["user_type"] == "Standard"]
    leads = measures.current(raw["salesforce.lead"])
    assert set(leads["owner_id"]) <= set(reps["id"])
    # chunk k numbers its ids in block k: the 4th to 6th characters of the base62 number differ
    assert leads["id"].str[5:9].nunique() == 3


def test_parquet_parts_roll_over(
    chunked_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "ROW_GROUP_ROWS", 500)
    monkeypatch.setattr(writer, "PART_ROWS", 2000)
    write_tables(tmp_path, CONFIG, "parquet", jobs=1)
    folder = tmp_path / "salesforce" / "task"
    parts = sorted(path.name for path in folder.iterdir())
    assert len(parts) > 2 and parts[0] == "part-00000.parquet"
    tasks = pq.read_table(folder).to_pandas()
    csv = pd.read_csv(chunked_run / "salesforce" / "task.csv", dtype=str)
    assert list(tasks["id"]) == list(csv["id"])


def test_parquet_parts_do_not_depend_on_jobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers finish in any order; the main process writes the chunks in chunk order, so row
    groups and part files (small here: several per table) are the same bytes with 1 or 2 jobs,
    and with more jobs than chunks."""
    monkeypatch.setattr(writer, "ROW_GROUP_ROWS", 700)
    monkeypatch.setattr(writer, "PART_ROWS", 5000)  # a chunk holds ~4,000 tasks
    for jobs in (1, 2, 4):
        write_tables(tmp_path / f"jobs{jobs}", CONFIG, "parquet", jobs=jobs)
    one = digests(tmp_path / "jobs1")
    assert len([name for name in one if name.startswith("salesforce/task/")]) >= 2
    assert digests(tmp_path / "jobs2") == one
    assert digests(tmp_path / "jobs4") == one
    groups = pq.ParquetFile(tmp_path / "jobs2" / "salesforce" / "task" / "part-00000.parquet")
    assert groups.metadata.num_row_groups > 1


def test_bent_chunks_do_not_depend_on_jobs(tmp_path: Path) -> None:
    """Each chunk is bent with its own streams; reference rows (roles, products) once."""
    from salesfx.generator import bend

    classes = bend.parse("all")
    write_tables(tmp_path / "one", CONFIG, "csv", classes, jobs=1)
    write_tables(tmp_path / "two", CONFIG, "csv", classes, jobs=2)
    assert digests(tmp_path / "one") == digests(tmp_path / "two")
    roles = pd.read_csv(tmp_path / "one" / "salesforce" / "user_role.csv", dtype=str)
    assert (roles["name"] == "CEO").sum() == 1
    leads = pd.read_csv(tmp_path / "one" / "salesforce" / "lead.csv", dtype=str)
    queue_owned = leads[leads["owner_id"].str.startswith("00G")]
    assert queue_owned["id"].str[5:9].nunique() == 3  # queue-owned leads in every chunk
