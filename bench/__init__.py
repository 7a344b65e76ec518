"""Benchmarks (not tests): a scale generator and figures measured against peers in one run.

``make bench`` (``python -m bench``) reports ratios against peers run on the same data in the
same run — rdflib in memory, the naive rdflib+pyshacl pipeline, rdflib-endpoint — and never
asserts timings.
"""
