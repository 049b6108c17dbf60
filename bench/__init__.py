"""`make bench`: generated data, a load driver and the results (see bench/README.md)."""
