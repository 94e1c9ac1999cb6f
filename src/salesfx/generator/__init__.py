"""Demo data generator: the 16 raw tables of docs/raw-contract.md, deterministic for a seed."""

from salesfx.generator.build import generate
from salesfx.generator.config import GeneratorConfig

__all__ = ["GeneratorConfig", "generate"]
