"""Demo data generator: the 16 raw tables of raw-sources.md, deterministic for a seed."""

from salesfx.generator.build import generate
from salesfx.generator.config import GeneratorConfig

__all__ = ["GeneratorConfig", "generate"]
