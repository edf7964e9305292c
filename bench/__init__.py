"""Benchmarks for coopkg (`make bench`, `python -m bench`): build throughput and scaling,
command latency, query and export speed, each measured against a baseline taken in the same
run, because the machines are shared and noisy and only ratios travel between runs."""
