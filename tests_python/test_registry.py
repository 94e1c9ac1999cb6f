"""The KPI registry: one entry per measure in the mart YAML, read by every consumer.

- the project's registry is sound (every measure of every kpi_ mart has a well-formed entry);
- the check catches each kind of missing or malformed entry, on hand-made manifests;
- the range of a measure comes from one place: meta range, else its accepted_range test, else
  its format's default;
- the published table dim_kpi_measures (rendered by Jinja) says what the Python reader says;
- no label of the registry is restated as a string in the Python package, and every declared
  format has a formatter.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import ManifestBuilder

from salesfx import formats, registry
from salesfx.manifest import Manifest, load_manifest
from salesfx.registry import RegistryError
from salesfx.warehouse import MARTS_SCHEMA, warehouse_path

PACKAGE = Path(registry.__file__).resolve().parent
PROJECT_DIR = PACKAGE.parents[1]

RATE = {"label": "Response rate", "format": "rate", "higher_is_better": True, "headline": True}
COUNT = {"label": "Lead requests", "format": "count", "higher_is_better": True}


def _problems(builder: ManifestBuilder) -> list[str]:
    return registry.problems(builder.build())


def _one_mart(measures: dict[str, dict[str, Any] | None], **kwargs: Any) -> ManifestBuilder:
    builder = ManifestBuilder()
    builder.kpi_mart("kpi_x", measures, **kwargs)
    return builder


# --- the project's registry -------------------------------------------------------------------


def test_the_projects_registry_is_sound(project_manifest: Manifest) -> None:
    assert registry.problems(project_manifest) == []


def test_every_kpi_mart_is_in_the_registry_with_its_measures(project_manifest: Manifest) -> None:
    found = registry.from_manifest(project_manifest)
    assert {m.name for m in found.marts} == {m.name for m in project_manifest.kpi_marts()}
    for model in project_manifest.kpi_marts():
        others = registry.non_measure_columns(model)
        measures = [c for c in model.column_names if c not in others]
        assert [m.column for m in found.mart(model.name).measures] == measures, model.name
    orders = [mart.order for mart in found.marts]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)


def test_measure_descriptions_are_the_column_descriptions(project_manifest: Manifest) -> None:
    found = registry.from_manifest(project_manifest)
    for measure in found.measures:
        column = project_manifest.models[measure.mart].column(measure.column)
        assert column is not None and measure.description == column.description.strip()
        assert measure.description, f"{measure.mart}.{measure.column} has no description"


def test_every_declared_format_has_a_formatter(project_manifest: Manifest) -> None:
    declared = set(registry.formats(project_manifest))
    assert declared == set(formats.VALUE) == set(formats.AXIS) == set(formats.TABLE)
    assert formats.PERCENT <= declared


def test_no_registry_label_is_restated_in_python(project_manifest: Manifest) -> None:
    """Labels live in the YAML only: no string constant of src/salesfx equals one."""
    labels = {m.label for m in registry.from_manifest(project_manifest).measures}
    labels |= {m.title for m in registry.from_manifest(project_manifest).marts}
    found: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in labels:
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value!r}")
    assert not found, found


# --- the check, on hand-made manifests ----------------------------------------------------------


def test_a_sound_hand_made_registry() -> None:
    builder = _one_mart({"lead_requests": COUNT, "response_rate": RATE})
    assert _problems(builder) == []
    found = registry.from_manifest(builder.build())
    mart = found.mart("kpi_x")
    assert [m.column for m in mart.measures] == ["lead_requests", "response_rate"]
    assert [m.column for m in mart.headlines] == ["response_rate"]
    assert mart.measure("response_rate").position == 8
    assert mart.description == "**A mart**: what it says."


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        (None, "kpi_x.m: measure without meta kpi"),
        ({"format": "rate", "higher_is_better": True}, "kpi_x.m: kpi lacks label"),
        ({**RATE, "format": "percent"}, "format 'percent' is not one of"),
        ({**RATE, "higher_is_better": "yes"}, "higher_is_better must be true, false or null"),
        ({**RATE, "headline": "yes"}, "headline must be true or false"),
        ({**RATE, "range": [1, 0]}, "range must be [min, max]"),
        ({**RATE, "range": [0]}, "range must be [min, max]"),
        ({**RATE, "colour": "red"}, "unknown kpi key(s) colour"),
        ({**RATE, "label": " "}, "label must be a non-empty text"),
        ({**RATE, "matures_with": "m"}, "matures_with must name another column"),
        ({**RATE, "matures_with": "Not A Column"}, "matures_with must name another column"),
    ],
)
def test_malformed_entries_are_problems(measure: dict[str, Any] | None, expected: str) -> None:
    found = _problems(_one_mart({"m": measure}))
    assert any(expected in problem for problem in found), found


def test_higher_is_better_may_be_null_but_not_missing() -> None:
    assert _problems(_one_mart({"m": {**COUNT, "higher_is_better": None}})) == []
    no_direction = {k: v for k, v in COUNT.items() if k != "higher_is_better"}
    assert "lacks higher_is_better" in " ".join(_problems(_one_mart({"m": no_direction})))


def test_a_range_is_written_once() -> None:
    builder = _one_mart({"m": {**COUNT, "range": [0, None]}})
    builder.test("kpi_x", "accepted_range", "m", min_value=0)
    assert "range is written twice" in " ".join(_problems(builder))


def test_a_warning_range_test_is_not_the_registry_range() -> None:
    """A `severity: warn` accepted_range test is an expectation about the data, not the range."""
    builder = _one_mart({"m": {**COUNT, "label": "Money", "format": "usd"}})
    builder.test("kpi_x", "accepted_range", "m", min_value=0)
    builder.nodes[next(reversed(builder.nodes))]["config"] = {"severity": "warn"}
    found = registry.from_manifest(builder.build())
    assert found.mart("kpi_x").measure("m").range == (None, None)
    builder = _one_mart({"m": {**RATE, "range": [None, None]}})
    builder.test("kpi_x", "accepted_range", "m", min_value=0, max_value=1)
    builder.nodes[next(reversed(builder.nodes))]["config"] = {"severity": "warn"}
    assert _problems(builder) == []  # not written twice: the test only warns


def test_matures_with_must_be_boolean_when_declared() -> None:
    flag = [{"name": "is_maturing", "data_type": "integer"}]
    builder = _one_mart({"m": {**RATE, "matures_with": "is_maturing"}}, extra=flag)
    assert "must be boolean" in " ".join(_problems(builder))
    flag = [{"name": "is_maturing", "data_type": "boolean"}]
    assert _problems(_one_mart({"m": {**RATE, "matures_with": "is_maturing"}}, extra=flag)) == []


def test_a_matures_with_column_not_built_yet_is_a_note_not_a_problem() -> None:
    builder = _one_mart({"m": {**RATE, "matures_with": "is_maturing"}})
    assert _problems(builder) == []
    assert registry.notes(builder.build()) == [
        "kpi_x.is_maturing: named by matures_with but not a column yet (readers fall back to the "
        "latest complete period)"
    ]


def test_key_flags_and_attributes_are_not_measures() -> None:
    builder = ManifestBuilder()
    builder.kpi_mart(
        "kpi_x",
        {"m": {**RATE, "matures_with": "is_maturing"}},
        mart_meta={"title": "X", "order": 1, "attributes": ["sort_order"]},
        extra=[
            {"name": "is_maturing", "data_type": "boolean"},
            {"name": "sort_order", "data_type": "integer"},
        ],
    )
    assert _problems(builder) == []
    builder.nodes["model.demo.kpi_x"]["columns"]["segment_label"]["config"]["meta"] = {"kpi": COUNT}
    assert "kpi_x.segment_label: a key, flag or attribute column has meta kpi" in _problems(builder)


@pytest.mark.parametrize(
    ("mart_meta", "expected"),
    [
        ({"order": 1}, "kpi_mart.title must be a non-empty text"),
        ({"title": "X", "order": "first"}, "kpi_mart.order must be an integer"),
        ({"title": "X", "order": 1, "attributes": ["nope"]}, "attributes must list columns"),
        ({"title": "X", "order": 1, "area": "y"}, "unknown kpi_mart key(s) area"),
        (
            {"title": "X", "order": 1, "segment_values_from": {"warmth": "fct_x.warmth"}},
            "is not a model.column with an accepted_values test",
        ),
    ],
)
def test_malformed_mart_meta_is_a_problem(mart_meta: dict[str, Any], expected: str) -> None:
    found = _problems(_one_mart({"m": COUNT}, mart_meta=mart_meta))
    assert any(expected in problem for problem in found), found


def test_a_mart_without_meta_and_duplicate_orders() -> None:
    builder = ManifestBuilder()
    builder.kpi_mart("kpi_a", {"m": COUNT})
    builder.kpi_mart("kpi_b", {"m": COUNT})
    assert "kpi_b: kpi_mart.order 10 is also kpi_a's" in _problems(builder)
    builder.nodes["model.demo.kpi_b"]["config"]["meta"] = {}
    assert "kpi_b: no mart meta kpi_mart (title, order)" in _problems(builder)


def test_meta_kpi_outside_a_kpi_mart_is_a_problem() -> None:
    builder = _one_mart({"m": COUNT})
    builder.model("fct_x", "models/marts/x", [{"name": "amount", "meta": {"kpi": COUNT}}])
    assert "fct_x.amount: meta kpi outside a kpi_ mart" in _problems(builder)


def test_formats_must_be_declared() -> None:
    builder = ManifestBuilder(formats=None)
    builder.kpi_mart("kpi_x", {"m": COUNT})
    assert "dim_kpi_measures: no meta kpi_formats" in " ".join(_problems(builder))


def test_strict_reading_raises_on_problems() -> None:
    with pytest.raises(RegistryError, match="measure without meta kpi"):
        registry.from_manifest(_one_mart({"m": None}).build())


# --- ranges -----------------------------------------------------------------------------------


def test_the_range_comes_from_meta_else_the_test_else_the_format() -> None:
    builder = _one_mart(
        {
            "explicit": {**COUNT, "range": [1, 10]},
            "tested": {**COUNT, "label": "Tested"},
            "rate": RATE,
            "money": {"label": "Bookings", "format": "usd", "higher_is_better": True},
        }
    )
    builder.test("kpi_x", "accepted_range", "tested", min_value=0, max_value=5)
    mart = registry.from_manifest(builder.build()).mart("kpi_x")
    assert mart.measure("explicit").range == (1.0, 10.0)
    assert mart.measure("tested").range == (0.0, 5.0)
    assert mart.measure("rate").range == (0.0, 1.0)
    assert mart.measure("money").range == (None, None)  # credit notes: money can be negative


def test_project_ranges(project_manifest: Manifest) -> None:
    found = registry.from_manifest(project_manifest)
    for measure in found.measures:
        column = project_manifest.models[measure.mart].column(measure.column)
        if column is not None and "range" in column.meta["kpi"]:
            continue  # stated in the YAML (e.g. a rate of money, which can be negative)
        if measure.format == "rate":
            assert measure.range == (0.0, 1.0), measure.column
        if measure.format in ("count", "minutes", "days"):
            assert measure.range[0] == 0.0, measure.column
        if measure.format in ("growth", "usd"):  # money can be negative: growth too
            assert measure.range == (None, None), measure.column
    personalization = found.mart("kpi_follow_up_4p").measure("avg_personalization_score")
    assert personalization.range == (0.0, 5.0)


# --- the published table ----------------------------------------------------------------------


def test_from_rows_round_trip(project_manifest: Manifest) -> None:
    found = registry.from_manifest(project_manifest)
    rows = [
        {
            "mart": m.mart,
            "mart_title": mart.title,
            "mart_order": mart.order,
            "mart_description": mart.description,
            "column_name": m.column,
            "column_position": m.position,
            "label": m.label,
            "value_format": m.format,
            "higher_is_better": m.higher_is_better,
            "is_headline": m.headline,
            "range_min": float("nan") if m.range[0] is None else m.range[0],
            "range_max": m.range[1],
            "matures_with": m.matures_with,
            "description": m.description,
        }
        for mart in reversed(found.marts)
        for m in reversed(mart.measures)
    ]
    assert registry.from_rows(rows).marts == found.marts


def test_the_warehouse_table_says_what_the_manifest_says(project_manifest: Manifest) -> None:
    """dim_kpi_measures (Jinja, at compile time) and salesfx.registry (Python) agree."""
    path = warehouse_path()
    if not path.is_absolute():
        path = PROJECT_DIR / path
    if not path.exists():
        pytest.skip(f"no warehouse at {path}: build it first")
    with duckdb.connect(str(path), read_only=True) as con:
        published = registry.from_warehouse(con, MARTS_SCHEMA)
    if published is None:
        pytest.skip(f"{path} has no {registry.REGISTRY_MODEL}: build it first")
    assert published.marts == registry.from_manifest(project_manifest).marts


def test_load_prefers_the_warehouse_then_the_manifest(tmp_path: Path) -> None:
    builder = _one_mart({"lead_requests": COUNT})
    target = builder.write(tmp_path / "target")
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        con.execute("create schema main_marts")
        assert registry.load(con, target=str(target)).mart("kpi_x").title == "kpi x"
        con.execute(
            """create table main_marts.dim_kpi_measures as select
            'kpi_y' as mart, 'Y' as mart_title, 1 as mart_order, 'Y.' as mart_description,
            'units' as column_name, 7 as column_position, 'Units' as label,
            'count' as value_format, true as higher_is_better, true as is_headline,
            0.0 as range_min, null::double as range_max, null as matures_with,
            'Units.' as description"""
        )
        found = registry.load(con, target=str(target))
    assert [m.name for m in found.marts] == ["kpi_y"]
    assert found.mart("kpi_y").measure("units").range == (0.0, None)
    assert found.source == "main_marts.dim_kpi_measures"


def test_load_without_warehouse_table_or_manifest_raises(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        with pytest.raises(RegistryError, match="no main_marts.dim_kpi_measures"):
            registry.load(con, target=str(tmp_path / "absent"))


def test_manifest_reader_keeps_column_meta_under_config(project_manifest: Manifest) -> None:
    first = registry.from_manifest(project_manifest).measures[0]
    column = project_manifest.models[first.mart].column(first.column)
    assert column is not None and column.meta["kpi"]["format"] == first.format
    assert load_manifest(project_manifest.path).models.keys() == project_manifest.models.keys()
