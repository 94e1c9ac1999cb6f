"""A daily (incremental) build gives the marts of a full build.

The demo's raw tables are loaded in two steps, as a loader writes them: first every row loaded
before a cut-off day (by its load time `_fivetran_synced`; submission time, creation time or
spend month where a table has none), built from scratch; then the whole demo, and an
incremental `dbt run`. The raw base models reprocess the ids loaded since the last build; the
event models (fct_follow_ups and two facts of the semantic layer among them) recompute their
rolling window (`incremental_lookback_days`), and the rows of every lead, contact or sales rep
whose row changed in it. Every mart and every semantic fact must equal the one-shot build of the
whole demo.

The demo keeps the last version of each row, so a lead last modified after the cut-off is missing
from the first load altogether and arrives in the second, up to 14 months after its follow-ups:
the late sync the incremental models must absorb.

Two sales reps change between the loads (EARLIER_REPS): the first load holds an earlier version
of their CRM row, the second the demo's, re-synced after the cut-off. One was not yet a
'Standard' user (none of their activities counted), the other had another name and role (team
and region). Every old row of theirs must follow, as a full build's would.

Both loads run twice: with typed columns (a load time the warehouse holds as a timestamp is
compared as one) and with every column as text (parsed, as an all-varchar export is).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR, DbtProject, mart_differences

pytestmark = pytest.mark.slow

RAW_SEEDS = PROJECT_DIR / "seeds" / "raw"
CUT_OFF = "2025-11-20"
# when a raw row was loaded, per source (tables without the column: present from the start)
ARRIVAL = {"salesforce": "_fivetran_synced", "marketing": "submitted_at", "billing": "created_at"}
SOURCES = ("salesforce", "marketing", "billing", "finance")
# the earlier versions of two reps' user rows, in the first load only: {user id: changed columns}
EARLIER_REPS = {
    "0058c00003013GFAAY": {"user_type": "'PowerPartner'"},
    "0058c0000300iezAAA": {
        "first_name": "'Priyanka'",
        "last_name": "'Bailey-Old'",
        "user_role_id": "'00E8c000030SZvjEAG'",  # APAC Mid-Market, not AMER Mid-Market
    },
}
REP_RESYNCED_AT = "2025-12-01 09:00:00"


def rep_versions(first_load: bool) -> str:
    """The select list of the user table: the EARLIER_REPS' earlier values in the first load,
    the demo's values re-synced at REP_RESYNCED_AT in the second."""
    ids = ", ".join(f"'{user_id}'" for user_id in EARLIER_REPS)
    if not first_load:
        return (
            f"* replace (case when id in ({ids}) then timestamp '{REP_RESYNCED_AT}' "
            "else _fivetran_synced end as _fivetran_synced)"
        )
    columns = sorted({column for changes in EARLIER_REPS.values() for column in changes})
    replaced = []
    for column in columns:
        cases = " ".join(
            f"when id = '{user_id}' then {changes[column]}"
            for user_id, changes in EARLIER_REPS.items()
            if column in changes
        )
        replaced.append(f"case {cases} else {column} end as {column}")
    return f"* replace ({', '.join(replaced)})"


def load(warehouse: Path, *, until: str | None, as_text: bool) -> str:
    """(Re)load the demo raw tables into inc_<source>.<table>, only the rows loaded before
    `until` when given, every column as text when `as_text`; returns the dbt vars that point
    the sources at them."""
    with duckdb.connect(str(warehouse)) as con:
        for source in SOURCES:
            con.execute(f"create schema if not exists inc_{source}")
            for csv_path in sorted((RAW_SEEDS / source).glob("*.csv")):
                table = f'inc_{source}."{csv_path.stem}"'
                rows = f"select * from read_csv('{csv_path}', header = true)"
                if source == "salesforce" and csv_path.stem == "user":
                    rows = rows.replace("*", rep_versions(first_load=until is not None), 1)
                column = ARRIVAL.get(source)
                names = {row[0] for row in con.execute(f"describe {rows}").fetchall()}
                if until and column in names:
                    rows += f" where {column} is null or {column} < timestamp '{until}'"
                elif until and source == "finance":
                    rows += f" where spend_month < date '{until}'"
                if as_text:
                    rows = f"select columns(*)::varchar from ({rows})"
                con.execute(f"create or replace table {table} as {rows}")
    return "{" + ", ".join(f"{s}_schema: inc_{s}" for s in SOURCES) + ", keep_demo_only_rows: true}"


@pytest.mark.parametrize("as_text", [False, True], ids=["typed", "all-varchar"])
def test_two_loads_give_the_marts_of_one(
    tmp_path: Path, demo_warehouse: Path, as_text: bool
) -> None:
    project = DbtProject(tmp_path / "dbt", tmp_path / "incremental.duckdb")
    vars_yaml = load(project.warehouse, until=CUT_OFF, as_text=as_text)
    project.run("seed", vars_yaml=vars_yaml)
    project.run("run", vars_yaml=vars_yaml)
    with duckdb.connect(str(project.warehouse), read_only=True) as con:
        first_as_of = con.execute(
            "select as_of_date from main_intermediate.int_data_range"
        ).fetchone()
        first_tasks = con.execute(
            "select count(*) from main_staging.base_salesforce__tasks"
        ).fetchone()

    load(project.warehouse, until=None, as_text=as_text)
    output = project.run("run", vars_yaml=vars_yaml)
    # not rebuilt
    assert "incremental model main_intermediate.int_follow_ups" in output
    assert "incremental model main_marts.fct_follow_ups" in output
    assert "incremental model main_semantic.fct_rep_activity_days" in output

    with duckdb.connect(str(project.warehouse), read_only=True) as con:
        as_of = con.execute("select as_of_date from main_intermediate.int_data_range").fetchone()
        tasks = con.execute("select count(*) from main_staging.base_salesforce__tasks").fetchone()
    assert first_as_of is not None and as_of is not None and first_as_of[0] <= as_of[0]
    assert first_tasks is not None and tasks is not None and first_tasks[0] < tasks[0]
    assert mart_differences(demo_warehouse, project.warehouse) == []
    # the facts of the semantic layer, two of them incremental
    assert mart_differences(demo_warehouse, project.warehouse, schema="main_semantic") == []
