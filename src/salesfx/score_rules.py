"""dbt-score rules of the project's documentation and testing gate (`salesfx coverage`).

Loaded by dbt-score through `rule_namespaces = ["salesfx.score_rules"]` in pyproject.toml
(`[tool.dbt-score]`). Every rule is CRITICAL: one violation scores its item 0, and with
`fail_any_item_under = 10.0` the lint fails. The rules say what the project promises:

- every model has a description and a primary-key test (unique + not_null on one column, or a
  `unique_combination_of_columns` test on the model); a column's `constraints: [{type: not_null}]`
  counts as its not_null test, checked by the model's `not_null_constraints` test, which a model
  with such a constraint must carry;
- every mart (models/marts/) documents every column, enforces its contract (BI tools rely on
  column names and types);
- every kpi_ mart declares the uniform KPI shape first (docs/kpis.md) and carries the
  `kpi_measures_in_range` test (every measure within its KPI registry range);
- every exposure names an owner and depends on at least one model.

That every kpi_ mart has unit tests is checked by dbt-coverage (`compute unit-test`): dbt-score
does not see unit tests. That every kpi_ measure has its KPI registry entry is checked by
`salesfx.registry.problems` (a gate of `salesfx coverage`): it needs the whole manifest.

No `from __future__ import annotations` here: dbt-score reads the evaluated annotation
(`model: Model`) to know what a rule applies to.
"""

from dbt_score import Exposure, Model, RuleViolation, Severity, rule, rule_filter
from dbt_score.models import Column

from salesfx.registry import KEY_TEST, KPI_SHAPE

MARTS_PATH = "models/marts/"
COMPOUND_KEY_TESTS = frozenset({KEY_TEST})
NOT_NULL_CONSTRAINTS_TEST = "not_null_constraints"
MEASURE_RANGES_TEST = "kpi_measures_in_range"


def has_not_null_constraint(column: Column) -> bool:
    """The column declares `constraints: [{type: not_null}]` in its YAML."""
    return any(constraint.type == "not_null" for constraint in column.constraints)


@rule_filter
def is_mart(model: Model) -> bool:
    """Models under models/marts/."""
    return model.original_file_path.startswith(MARTS_PATH)


@rule_filter
def is_kpi_mart(model: Model) -> bool:
    """kpi_ marts."""
    return model.original_file_path.startswith(MARTS_PATH) and model.name.startswith("kpi_")


@rule(severity=Severity.CRITICAL)
def model_has_description(model: Model) -> RuleViolation | None:
    """A model has a description."""
    if not (model.description or "").strip():
        return RuleViolation(message="Model lacks a description.")
    return None


def primary_key_columns(model: Model) -> list[str]:
    """Columns proven to be a key by tests: unique + not_null, or a compound uniqueness test."""
    checks_constraints = any(test.type == NOT_NULL_CONSTRAINTS_TEST for test in model.tests)
    for column in model.columns:
        kinds = {test.type for test in column.tests}
        if checks_constraints and has_not_null_constraint(column):
            kinds.add("not_null")
        if {"unique", "not_null"} <= kinds:
            return [column.name]
    for test in model.tests:
        if test.type in COMPOUND_KEY_TESTS:
            columns = test.kwargs.get("combination_of_columns") or []
            if columns:
                return list(columns)
    return []


@rule(severity=Severity.CRITICAL)
def model_has_primary_key_test(model: Model) -> RuleViolation | None:
    """A model has a primary-key test (unique + not_null, or unique_combination_of_columns)."""
    if not primary_key_columns(model):
        return RuleViolation(
            message="No primary-key test (unique + not_null, or unique_combination_of_columns)."
        )
    return None


@rule(severity=Severity.CRITICAL)
def model_checks_its_not_null_constraints(model: Model) -> RuleViolation | None:
    """A model whose columns declare not_null constraints carries the not_null_constraints test
    (no engine checks a constraint without an enforced contract; Spark never does)."""
    constrained = [c.name for c in model.columns if has_not_null_constraint(c)]
    if constrained and not any(t.type == NOT_NULL_CONSTRAINTS_TEST for t in model.tests):
        return RuleViolation(
            message="Columns declare a not_null constraint but the model has no "
            f"`{NOT_NULL_CONSTRAINTS_TEST}` test: {', '.join(constrained)}."
        )
    return None


@rule(severity=Severity.CRITICAL, rule_filters={is_mart()})
def mart_columns_have_description(model: Model) -> RuleViolation | None:
    """A mart declares every column with a description."""
    if not model.columns:
        return RuleViolation(message="Mart declares no columns.")
    missing = [c.name for c in model.columns if not (c.description or "").strip()]
    if missing:
        return RuleViolation(message=f"Columns lack a description: {', '.join(missing)}.")
    return None


@rule(severity=Severity.CRITICAL, rule_filters={is_mart()})
def mart_has_enforced_contract(model: Model) -> RuleViolation | None:
    """A mart enforces its model contract (column names and types)."""
    contract = model.config.get("contract") or {}
    if not contract.get("enforced"):
        return RuleViolation(message="Set `config: contract: enforced: true` on the mart.")
    return None


@rule(severity=Severity.CRITICAL, rule_filters={is_kpi_mart()})
def kpi_mart_has_uniform_shape(model: Model) -> RuleViolation | None:
    """A kpi_ mart starts with the uniform KPI columns (docs/kpis.md), in order."""
    first = tuple(c.name for c in model.columns[: len(KPI_SHAPE)])
    if first != KPI_SHAPE:
        return RuleViolation(message=f"First columns must be {', '.join(KPI_SHAPE)}.")
    return None


@rule(severity=Severity.CRITICAL, rule_filters={is_kpi_mart()})
def kpi_mart_checks_measure_ranges(model: Model) -> RuleViolation | None:
    """A kpi_ mart carries the kpi_measures_in_range test (measures within their registry range)."""
    if not any(t.type == MEASURE_RANGES_TEST for t in model.tests):
        return RuleViolation(message=f"Add the model-level `{MEASURE_RANGES_TEST}` test.")
    return None


@rule(severity=Severity.CRITICAL)
def exposure_has_owner_and_parents(exposure: Exposure) -> RuleViolation | None:
    """An exposure names an owner and depends on at least one model."""
    owner = exposure.owner or {}
    if not (owner.get("name") or owner.get("email")):
        return RuleViolation(message="Exposure lacks an owner.")
    if not exposure.depends_on.get("nodes"):
        return RuleViolation(message="Exposure depends on no model.")
    return None
