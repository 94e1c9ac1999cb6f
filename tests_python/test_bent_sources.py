"""Data shaped like real orgs' exports builds, and no bend moves what it must not move.

`salesfx generate --bend all` bends the demo company the way real exports differ from it
(docs/demo-data.md, "Bent exports"): owners that are queues or deleted users, a CEO level above
'Sales', placeholder close dates and scheduled subscription ends, ISO-8601 text with offsets and
booleans as yes/1/t, NULL booleans, EUR as the corporate currency, Unicode, very long and HTML
text, leads converted into existing contacts, renamed stages and shared product codes, credit
notes and refunds, extra columns. Loaded as all-varchar tables and built with every data test,
the bent company must build (its quirks only warn, and are listed after the build), and its
as-of date, every rep's team and region, and the monthly lead requests and recognized revenue
must equal the demo's.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import DbtProject, load_csv_tables

pytestmark = pytest.mark.slow

SALESFX = Path(sys.executable).with_name("salesfx")


def rows(warehouse: Path, query: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(query).fetchall()


def test_bent_company_builds_and_keeps_its_invariants(tmp_path: Path, demo_warehouse: Path) -> None:
    raw = tmp_path / "bent"
    subprocess.run(
        [
            str(SALESFX),
            "generate",
            "--bend",
            "all",
            "--format",
            "csv",
            "--out",
            str(raw),
            "--quiet",
        ],
        check=True,
    )
    bent = DbtProject(tmp_path / "dbt", tmp_path / "bent.duckdb")
    source_vars = load_csv_tables(bent.warehouse, raw, "bent", all_varchar=True)
    # the bent company keeps its books in EUR (class non_usd_corporate)
    vars_yaml = source_vars[:-1] + ", corporate_currency: EUR}"
    bent.run("seed", vars_yaml=vars_yaml)
    output = bent.run("build", "--exclude-resource-type", "unit_test", vars_yaml=vars_yaml)

    # quirks are warnings, listed in the data-quality summary after the build
    assert "== Data quality ==" in output
    for rule in ("owner_not_a_user", "unknown_stage", "negative_amount", "duplicate_product_code"):
        assert f" {rule} " in output, f"{rule} missing from the data-quality summary"
    assert "Data tests that warned" in output and "Data tests that warned: none." not in output

    demo = demo_warehouse
    data_range = "select first_date, as_of_date from main_intermediate.int_data_range"
    assert rows(bent.warehouse, data_range) == rows(demo, data_range)

    reps = (
        "select sales_rep_id, sales_team, sales_region from main_intermediate.int_sales_reps "
        "where owner_kind = 'user' and is_sales_rep order by sales_rep_id"
    )
    demo_reps = dict((rep, rest) for rep, *rest in rows(demo, reps))
    bent_reps = dict((rep, rest) for rep, *rest in rows(bent.warehouse, reps))
    assert {rep: bent_reps.get(rep) for rep in demo_reps} == demo_reps

    monthly = (
        "select period_start, {column} from main_marts.{mart} "
        "where segment_type = 'company' and period_grain = 'month' order by period_start"
    )
    requests = monthly.format(column="lead_requests", mart="kpi_lead_response_time")
    assert rows(bent.warehouse, requests) == rows(demo, requests)
    revenue = monthly.format(column="recognized_revenue_usd", mart="kpi_revenue_growth")
    demo_revenue = rows(demo, revenue)
    bent_revenue = rows(bent.warehouse, revenue)
    assert [month for month, _ in bent_revenue] == [month for month, _ in demo_revenue]
    for (month, expected), (_, actual) in zip(demo_revenue, bent_revenue, strict=True):
        assert actual == pytest.approx(expected, rel=1e-9), month
