"""Benchmarks: estates of 10 to 1,000 EST objects through the real engine against the emulator with latency.

``./scripts/bench`` (or ``python -m benchmarks``) writes ``RESULTS.md`` and ``results.png`` here.
"""
