"""The project's generic tests in a project of the user's own: they test its models, and a
misplaced one is a compile error rather than a test that checks nothing.

`kpi_measures_in_range` on a model the KPI registry does not know, and `not_null_constraints`
on a model without a `not_null` constraint (and no `columns` argument), would otherwise pass
while testing nothing. Both are used here the way an analytics engineer would misuse them: in a
project of their own that installs this one as a package.
"""

from __future__ import annotations

import pytest
from conftest import PROJECT_DIR, DbtProject

pytestmark = pytest.mark.slow

PROJECT_YML = """\
name: generic_test_errors
version: "1.0.0"
config-version: 2
profile: sales_effectiveness_integration_tests
flags:
  send_anonymous_usage_stats: false
"""

MODELS_YML = """\
models:
  - name: my_orders
    description: A model of the user's own, no KPI mart and no constrained column.
    data_tests:
      - sales_effectiveness.kpi_measures_in_range
      - sales_effectiveness.not_null_constraints
    columns:
      - name: order_id
        description: The order.
  - name: my_customers
    description: A model of the user's own with a not_null constraint and a null in it.
    data_tests:
      - sales_effectiveness.not_null_constraints
    columns:
      - name: customer_id
        description: The customer.
        constraints:
          - type: not_null
"""


@pytest.fixture(scope="module")
def user_project(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    root = tmp_path_factory.mktemp("generic_test_errors")
    project_dir = root / "project"
    (project_dir / "models").mkdir(parents=True)
    (project_dir / "dbt_project.yml").write_text(PROJECT_YML, encoding="utf-8")
    (project_dir / "packages.yml").write_text(
        f"packages:\n  - local: {PROJECT_DIR}\n", encoding="utf-8"
    )
    (project_dir / "models" / "my_orders.sql").write_text(
        "select 1 as order_id\n", encoding="utf-8"
    )
    (project_dir / "models" / "my_customers.sql").write_text(
        "select 1 as customer_id union all select null as customer_id\n", encoding="utf-8"
    )
    (project_dir / "models" / "_models.yml").write_text(MODELS_YML, encoding="utf-8")
    project = DbtProject(
        root / "work",
        root / "user.duckdb",
        project_dir=project_dir,
        profiles=PROJECT_DIR / "integration_tests" / "profiles.example.yml",
    )
    project.run("deps")
    project.run("run", "--select", "my_orders", "my_customers")
    return project


def compile_error(project: DbtProject, test_name: str) -> str:
    output = project.run("compile", "--select", f"test_name:{test_name}", check=False)
    assert "Compilation Error" in output, output[-3000:]
    return " ".join(output.split())


def test_kpi_measures_in_range_on_a_model_the_registry_does_not_know(
    user_project: DbtProject,
) -> None:
    message = compile_error(user_project, "kpi_measures_in_range")
    assert "the KPI registry has no measure for mart 'my_orders'" in message


def test_not_null_constraints_on_a_model_without_constraints(user_project: DbtProject) -> None:
    message = compile_error(user_project, "not_null_constraints")
    assert "no column declares `constraints: [{type: not_null}]`" in message


def test_not_null_constraints_tests_a_model_of_the_users_own(user_project: DbtProject) -> None:
    # used right, the package's test checks the user's model: its null fails the test
    output = user_project.run("test", "--select", "my_customers", check=False)
    assert "Failure in test sales_effectiveness_not_null_constraints_my_customers_" in output, (
        output[-3000:]
    )
    assert "Compilation Error" not in output
