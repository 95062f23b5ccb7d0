"""Pieces of `make bench` (scripts/bench.py): pages, servers, wrk."""
