"""The project as a dbt package: integration_tests/ installs it from a local path.

That project is an analytics engineer's own: it loads the demo company's CSV files into a raw
schema of its own (macro load_raw_tables), sets the source vars in its dbt_project.yml and
builds. It must get the package's models and marts (the same as the demo build's) and none of
the package's demo seeds, demo-story tests or test fixtures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, DbtProject, mart_differences

pytestmark = pytest.mark.slow

INTEGRATION_DIR = PROJECT_DIR / "integration_tests"


def test_the_package_builds_the_demo_marts_in_another_project(
    tmp_path: Path, demo_warehouse: Path
) -> None:
    project = DbtProject(
        tmp_path / "it",
        tmp_path / "it.duckdb",
        project_dir=INTEGRATION_DIR,
        profiles=INTEGRATION_DIR / "profiles.example.yml",
    )
    project.run("deps")
    project.run("run-operation", "load_raw_tables")
    project.run("seed")
    project.run("build")

    manifest = json.loads((tmp_path / "it" / "target" / "manifest.json").read_text())
    enabled = {node["name"] for node in manifest["nodes"].values()}
    disabled = {nodes[0]["name"] for nodes in manifest["disabled"].values()}
    assert {"kpi_follow_up_4p", "fct_opportunities", "dim_kpi_measures"} <= enabled
    assert {"lead", "assert_q4_bookings_highest", "fixture_expression_is_true"} <= disabled
    assert not any(name.startswith("fixture_") for name in enabled)
    assert mart_differences(demo_warehouse, project.warehouse) == []
