"""The Great Expectations suites of every mart, derived from the dbt project (its manifest).

Nothing here restates a fact of the project: each expectation is read from dbt's manifest, i.e.
from the mart YAML, and the suites change when the YAML does.

- every declared column exists (the contract);
- the key: the `unique` column, or the `unique_combination_of_columns` test, is unique;
- every `not_null` test, every `accepted_values` test (as a value set), every `accepted_range`
  test on a column that is not a KPI measure (tests with `severity: warn` are expectations about
  the data, not rules: they are left to dbt, listed in the suite's notes);
- every KPI measure (the registry, `salesfx.registry`) lies in its registry range (its meta
  `range`, else its accepted_range test, else its format's default range);
- every model-level `expression_is_true` test made of simple column comparisons
  (`a <= b and c >= d`) as ordered pairs; other expressions, `relationships` and
  `equal_row_count` tests are left to `dbt build` and listed in the suite's notes;
- the uniform KPI shape, true of every kpi_ mart by construction (docs in
  models/marts/_kpi_shape__docs.md): company rows say segment_value 'all', the segment types named
  in the mart's `kpi_mart.segment_values_from` take the accepted values of that column, and the
  company rows cover every reporting period (checked on a derived frame, see
  `company_period_suite`; for a mart with an extra key column, every period has a company row for
  every extra-key value its company rows show anywhere).

`mart_specs(manifest)` reads the specs; `build_suite(spec)` turns one into a
`great_expectations.ExpectationSuite`. Nothing here touches a warehouse.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation
from great_expectations.expectations.row_conditions import Column as RowColumn

from salesfx import registry
from salesfx.manifest import DataTest, Manifest, Model
from salesfx.registry import COMPANY, COMPANY_VALUE, KPI_KEY, Measure, Registry

_PAIR = re.compile(r"^\s*([a-z_][a-z0-9_]*)\s*(<=|>=|<|>)\s*([a-z_][a-z0-9_]*)\s*$", re.IGNORECASE)
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_TRANSLATED = frozenset(
    {
        "not_null",
        "unique",
        "accepted_values",
        "accepted_range",
        "unique_combination_of_columns",
        "expression_is_true",
    }
)


@dataclass(frozen=True)
class OrderedPair:
    """`smaller` <= `larger` (or < when not `or_equal`) on every row where both are present."""

    smaller: str
    larger: str
    or_equal: bool
    text: str  # as written in the YAML


@dataclass(frozen=True)
class MartSpec:
    """What the project's YAML says about one mart, as read from the manifest."""

    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    not_null: tuple[str, ...] = ()
    accepted: Mapping[str, tuple[object, ...]] = field(default_factory=dict)
    # column -> (min, max, inclusive), from accepted_range tests (KPI measures excluded)
    ranges: Mapping[str, tuple[float | None, float | None, bool]] = field(default_factory=dict)
    measures: tuple[Measure, ...] = ()  # registry measures of a kpi_ mart
    ordered: tuple[OrderedPair, ...] = ()
    segment_values: Mapping[str, tuple[object, ...]] = field(default_factory=dict)
    left_to_dbt: tuple[str, ...] = ()  # tests not expressed as expectations
    is_kpi: bool = False

    @property
    def extra_key(self) -> tuple[str, ...]:
        return tuple(c for c in self.key if c not in KPI_KEY) if self.is_kpi else ()

    @property
    def segment_types(self) -> tuple[object, ...]:
        return self.accepted.get("segment_type", ())


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _pairs(expression: str) -> tuple[list[OrderedPair], list[str]]:
    """Simple comparisons of a conjunction, and the conjuncts that are not simple."""
    if "(" in expression or " or " in f" {expression.lower()} ":
        return [], [expression]
    pairs: list[OrderedPair] = []
    rest: list[str] = []
    for part in _AND.split(expression.strip()):
        match = _PAIR.match(part)
        if not match:
            rest.append(part.strip())
            continue
        left, op, right = match.groups()
        smaller, larger = (left, right) if op in ("<=", "<") else (right, left)
        pairs.append(OrderedPair(smaller, larger, op in ("<=", ">="), part.strip()))
    return pairs, rest


def _describe(test: DataTest) -> str:
    target = f"{test.column}: " if test.column else ""
    detail = test.arg("expression") or test.arg("compare_model") or test.arg("to") or ""
    return f"{target}{test.name} {detail}".strip()


def mart_spec(model: Model, manifest: Manifest, kpis: Registry | None = None) -> MartSpec:
    """The spec of one mart from its YAML (columns, data tests) and, for a kpi_ mart, the
    registry (`kpis`: the manifest's, read when not given)."""
    measures: tuple[Measure, ...] = ()
    segment_values: dict[str, tuple[object, ...]] = {}
    if model.is_kpi_mart:
        kpis = kpis or registry.from_manifest(manifest, strict=False)
        measures = next((m.measures for m in kpis.marts if m.name == model.name), ())
        sources = registry.mart_meta(model).get("segment_values_from") or {}
        for segment_type, source in dict(sources).items():
            values = registry.segment_values(manifest, str(source))
            if values is not None:
                segment_values[str(segment_type)] = values
    measure_columns = {m.column for m in measures}
    key = registry.mart_key(model)
    not_null: list[str] = []
    accepted: dict[str, tuple[object, ...]] = {}
    ranges: dict[str, tuple[float | None, float | None, bool]] = {}
    ordered: list[OrderedPair] = []
    left: list[str] = []
    for test in model.all_tests:
        if test.where or test.is_warning or test.name not in _TRANSLATED:
            suffix = f" where {test.where}" if test.where else ""
            left.append(_describe(test) + suffix + (" (warns)" if test.is_warning else ""))
        elif test.name == "not_null" and test.column:
            not_null.append(test.column)
        elif test.name == "unique" and test.column:
            key = key or (test.column,)
        elif test.name == "accepted_values" and test.column:
            accepted[test.column] = tuple(test.arg("values") or ())
        elif test.name == "accepted_range" and test.column:
            if test.column not in measure_columns:
                low, high = _number(test.arg("min_value")), _number(test.arg("max_value"))
                ranges[test.column] = (low, high, bool(test.arg("inclusive", True)))
        elif test.name == "expression_is_true":
            if test.column:
                left.append(_describe(test))
                continue
            pairs, rest = _pairs(str(test.arg("expression") or ""))
            ordered += pairs
            left += [f"expression_is_true {part}" for part in rest]
    return MartSpec(
        name=model.name,
        columns=model.column_names,
        key=key,
        not_null=tuple(dict.fromkeys(not_null)),
        accepted=accepted,
        ranges=ranges,
        measures=measures,
        ordered=tuple(ordered),
        segment_values=segment_values,
        left_to_dbt=tuple(left),
        is_kpi=model.is_kpi_mart,
    )


def mart_specs(manifest: Manifest) -> tuple[MartSpec, ...]:
    """Every mart (models/marts/), kpi_ marts in registry order first, then the others by name."""
    kpis = registry.from_manifest(manifest, strict=False)
    order = {mart.name: index for index, mart in enumerate(kpis.marts)}
    marts = sorted(
        manifest.marts(), key=lambda m: (m.name not in order, order.get(m.name, 0), m.name)
    )
    return tuple(mart_spec(model, manifest, kpis) for model in marts)


def _rule(kind: str, subject: str) -> dict[str, str]:
    return {"rule": kind, "subject": subject}


def _between(
    column: str, low: float | None, high: float | None, kind: str, strict: bool = False
) -> Expectation | None:
    if low is None and high is None:
        return None
    if low is not None and high is not None:
        text = (
            f"{column} in [{low:g}, {high:g}]" if not strict else f"{column} in ({low:g}, {high:g})"
        )
    elif low is not None:
        text = f"{column} {'>' if strict else '>='} {low:g}"
    else:
        text = f"{column} {'<' if strict else '<='} {high:g}"
    return gxe.ExpectColumnValuesToBeBetween(
        column=column,
        min_value=low,
        max_value=high,
        strict_min=strict,
        strict_max=strict,
        description=text,
        meta=_rule(kind, column),
    )


def _kpi_shape_checks(spec: MartSpec) -> list[Expectation]:
    """Segment rows whose values are fixed: company = 'all', the declared segment value sets."""
    out: list[Expectation] = [
        gxe.ExpectColumnValuesToBeInSet(
            column="segment_value",
            value_set=[COMPANY_VALUE],
            row_condition=RowColumn("segment_type") == COMPANY,
            description=f"company rows have segment_value '{COMPANY_VALUE}'",
            meta=_rule("company segment value", "segment_value"),
        )
    ]
    for segment_type, values in spec.segment_values.items():
        out.append(
            gxe.ExpectColumnValuesToBeInSet(
                column="segment_value",
                value_set=list(values),
                row_condition=RowColumn("segment_type") == segment_type,
                description=f"{segment_type} segment values in {list(values)}",
                meta=_rule("accepted values", f"segment_value ({segment_type})"),
            )
        )
    return out


def expectations_for(spec: MartSpec) -> list[Expectation]:
    """The expectations of one mart, in the order a reader checks them: shape, key, values."""
    out: list[Expectation] = [
        gxe.ExpectColumnToExist(
            column=col, description=f"column {col} exists", meta=_rule("column exists", col)
        )
        for col in spec.columns
    ]
    for col in dict.fromkeys(spec.key + spec.not_null):
        out.append(
            gxe.ExpectColumnValuesToNotBeNull(
                column=col, description=f"{col} is never null", meta=_rule("not null", col)
            )
        )
    if len(spec.key) == 1:
        out.append(
            gxe.ExpectColumnValuesToBeUnique(
                column=spec.key[0],
                description=f"{spec.key[0]} is unique",
                meta=_rule("unique key", spec.key[0]),
            )
        )
    elif spec.key:
        out.append(
            gxe.ExpectCompoundColumnsToBeUnique(
                column_list=list(spec.key),
                description=f"({', '.join(spec.key)}) is unique",
                meta=_rule("unique key", ", ".join(spec.key)),
            )
        )
    for col, values in spec.accepted.items():
        out.append(
            gxe.ExpectColumnValuesToBeInSet(
                column=col,
                value_set=list(values),
                description=f"{col} in {list(values)}",
                meta=_rule("accepted values", col),
            )
        )
    if spec.is_kpi:
        out += _kpi_shape_checks(spec)
    for measure in spec.measures:
        low, high = measure.range
        expectation = _between(measure.column, low, high, f"KPI range ({measure.format})")
        if expectation is not None:
            out.append(expectation)
    for col, (low, high, inclusive) in spec.ranges.items():
        expectation = _between(col, low, high, "accepted range", strict=not inclusive)
        if expectation is not None:
            out.append(expectation)
    for pair in spec.ordered:
        out.append(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=pair.larger,
                column_B=pair.smaller,
                or_equal=pair.or_equal,
                ignore_row_if="either_value_is_missing",
                description=pair.text,
                meta=_rule("ordered pair", pair.text),
            )
        )
    unique: dict[str, Expectation] = {}
    for expectation in out:  # one expectation per description (a YAML fact stated twice)
        unique.setdefault(str(expectation.description), expectation)
    return list(unique.values())


def build_suite(spec: MartSpec) -> gx.ExpectationSuite:
    """The expectation suite of one mart (named after the mart)."""
    notes = (
        f"Derived from the dbt manifest (the mart YAML) by salesfx.validate.suites for {spec.name}."
    )
    if spec.left_to_dbt:
        notes += " Left to dbt build: " + "; ".join(spec.left_to_dbt) + "."
    return gx.ExpectationSuite(
        name=spec.name, expectations=expectations_for(spec), meta={"notes": notes}
    )


def company_period_suite(spec: MartSpec) -> gx.ExpectationSuite:
    """Checks on the derived company-coverage frame of a kpi_ mart.

    The frame (see `frames.company_period_frame`) has one row per expected period (and per
    value of an extra key column) joined with the company rows found in the mart:
    `is_expected_period` (false when the mart has a company row for a period outside
    int_kpi_periods) and `company_rows` (how many company rows the mart has there).
    """
    name = f"{spec.name}.company_periods"
    return gx.ExpectationSuite(
        name=name,
        expectations=[
            gxe.ExpectColumnValuesToBeBetween(
                column="company_rows",
                min_value=1,
                max_value=1,
                description="exactly one company row for every period"
                + (f" and {', '.join(spec.extra_key)}" if spec.extra_key else ""),
                meta=_rule("company row per period", "company_rows"),
            ),
            gxe.ExpectColumnValuesToBeInSet(
                column="is_expected_period",
                value_set=[True],
                description="no company row outside the periods of int_kpi_periods",
                meta=_rule("company rows only in reporting periods", "is_expected_period"),
            ),
        ],
        meta={
            "notes": "Row-count relation of the uniform KPI shape: company rows for every period."
        },
    )
