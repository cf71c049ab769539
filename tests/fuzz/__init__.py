"""Fuzzing `extract_file` with mutated corpus files (see README, "Reliability").

`mutate` makes hostile variants of the corpus documents (bit flips, truncations, damaged zip
members, bombs, far cells, invalid code points, giant tables and lines), `runner` runs one file
in a forked child under a time and memory limit and classifies what happened, and `python -m
tests.fuzz` (`make fuzz`) runs thousands of mutants and prints the table per format.
"""
