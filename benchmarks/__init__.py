"""Benchmarks: measured figures beside a floor measured in the same run (see run.py)."""
