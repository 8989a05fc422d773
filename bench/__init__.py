"""Benchmarks: each prints its timings and the ratio against a baseline measured in the same run."""
