"""Benchmarks and test data for corrector: a noise generator, held-out text and benchmark scripts."""
