"""`salesfx check-sources`: the preflight before a build on re-pointed sources."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR, DbtProject, load_csv_tables

from salesfx import check_sources

SALESFX = Path(sys.executable).with_name("salesfx")
RAW_SEEDS = PROJECT_DIR / "seeds" / "raw"


def test_report_keeps_the_operation_output_only() -> None:
    output = "\n".join(
        [
            "12:00:01  Running with dbt=1.11",
            "",
            check_sources.REPORT_MARKER,
            "  salesforce.task   ok",
            "12:00:02  a dbt log line",
            "What would make the build fail:",
            "  - salesforce.user: no table",
            "  1 problem(s) with the raw sources (listed above).",
            "  > in macro check_sources",
        ]
    )
    assert check_sources.report_lines(output) == [
        check_sources.REPORT_MARKER,
        "  salesforce.task   ok",
        "What would make the build fail:",
        "  - salesforce.user: no table",
    ]


@pytest.mark.parametrize(
    ("returncode", "output", "expected"),
    [
        (0, "", check_sources.EXIT_OK),
        (1, "2 problem(s) with the raw sources (listed above)", check_sources.EXIT_SOURCES_BROKEN),
        (1, "Could not find profile", check_sources.EXIT_DBT_FAILED),
    ],
)
def test_exit_codes(returncode: int, output: str, expected: int) -> None:
    assert check_sources.exit_code(returncode, output) == expected


@pytest.mark.slow
def test_missing_column_and_unparseable_values_on_a_real_warehouse(tmp_path: Path) -> None:
    """The demo loaded as text tables: fine; without a contract column: exit 2 naming it;
    with unreadable dates: a warning, still exit 0."""
    project = DbtProject(tmp_path / "dbt", tmp_path / "raw.duckdb")
    vars_yaml = load_csv_tables(project.warehouse, RAW_SEEDS, "crm", all_varchar=True)

    def check() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                str(SALESFX),
                "check-sources",
                "--vars",
                vars_yaml,
                "--project-dir",
                str(PROJECT_DIR),
                "--profiles-dir",
                str(project.work_dir),
            ],
            cwd=PROJECT_DIR,
            env=project.environment(),
            capture_output=True,
            text=True,
            check=False,
        )

    with duckdb.connect(str(project.warehouse)) as con:
        con.execute("update crm_salesforce.lead set created_date = 'yesterday' where id like '%A'")
    result = check()
    assert result.returncode == check_sources.EXIT_OK, result.stdout + result.stderr
    assert "salesforce.lead.created_date" in result.stdout and "'yesterday'" in result.stdout

    with duckdb.connect(str(project.warehouse)) as con:
        con.execute("alter table crm_salesforce.opportunity drop column owner_id")
        con.execute("drop table crm_billing.subscription")
    result = check()
    assert result.returncode == check_sources.EXIT_SOURCES_BROKEN, result.stdout + result.stderr
    assert "salesforce.opportunity: no column owner_id" in result.stdout
    assert "billing.subscription: no table at" in result.stdout
