"""The I/O floor of the benchmark: read a CSV with the fastest reader and write it back, nothing
else (polars, all columns as text). Usage: python bench/floor.py IN.csv OUT.csv [--separator ';']"""
from __future__ import annotations

import argparse

import polars as pl


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source")
    parser.add_argument("target")
    parser.add_argument("--separator", default=";")
    args = parser.parse_args()
    frame = pl.read_csv(args.source, separator=args.separator, infer_schema=False)
    frame.write_csv(args.target, separator=args.separator)


if __name__ == "__main__":
    main()
