"""Benchmarks of cpx: ``python -m benchmarks.engine [--json]`` (see docs/performance.md)."""
