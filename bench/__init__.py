"""Benchmarks: each bench_*.py module has a main() that prints ratios against an anchor
measured in the same run. They report (PASS/MISS); they never gate a build."""
