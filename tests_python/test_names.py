"""Names the warehouses accept: PostgreSQL cuts identifiers at 63 bytes and refuses a relation
whose name is longer, and dbt names a unit test's temporary relation after the test. DuckDB
takes any length, so a long name passes the DuckDB build and fails only on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import PROJECT_DIR

POSTGRES_MAX_IDENTIFIER = 63


def relation_names() -> dict[str, Path]:
    """Every model (file name) and unit test (YAML name) of the project, with its file."""
    names = {path.stem: path for path in (PROJECT_DIR / "models").rglob("*.sql")}
    for path in (PROJECT_DIR / "models").rglob("*.yml"):
        for unit_test in (yaml.safe_load(path.read_text()) or {}).get("unit_tests") or []:
            names[unit_test["name"]] = path
    return names


def test_relation_names_fit_postgres() -> None:
    names = relation_names()
    assert any(name.startswith("test_") for name in names)
    too_long = {
        name: str(path.relative_to(PROJECT_DIR))
        for name, path in names.items()
        if len(name.encode()) > POSTGRES_MAX_IDENTIFIER
    }
    assert not too_long, f"longer than {POSTGRES_MAX_IDENTIFIER} bytes (PostgreSQL): {too_long}"
