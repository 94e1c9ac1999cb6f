"""Tooling for the sales-effectiveness dbt project."""

__version__ = "0.1.0"
