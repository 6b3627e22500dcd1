"""Rows per second of the one-machine engine and of `--engine dask` (a LocalCluster on this
machine) on the same generated file, with the same lists: what docs/performance.md records.

Usage::

    python bench/cluster_bench.py --rows 5000000 [--repeat 1] [--partition-size 128MB] [--json OUT.json]

The file is made by bench/generate.py (the same seeded rows as run_bench.py's). Each run is a whole
process timed by /usr/bin/time: its wall time, and the peak resident memory of its largest process
(the driver, or one Dask worker: the cluster's workers are the run's children).
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
from pathlib import Path

from run_bench import audit_command, generate, measure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--partition-size", default="128MB")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    paths = generate(args.rows, args.seed)
    engines = {"one machine": [], "dask (LocalCluster, 2 workers)": ["--engine", "dask", "--jobs", "2",
                                                                      "--partition-size", args.partition_size]}
    results = {}
    for _ in range(args.repeat):
        for name, extra in engines.items():  # alternated: the machine's noise falls on both
            out = Path(tempfile.mkdtemp(prefix="cluster-bench-"))
            try:
                run = measure(audit_command(paths["csv"], paths, out, extra))
            finally:
                shutil.rmtree(out, ignore_errors=True)
            results.setdefault(name, []).append(run)
            print(f"{name}: {run['seconds']:.1f} s, {args.rows / run['seconds']:,.0f} rows/s, peak {run['peak_mb']:.0f} MB",
                  flush=True)
    summary = {name: {"seconds": statistics.median(r["seconds"] for r in runs),
                      "rows_per_second": args.rows / statistics.median(r["seconds"] for r in runs),
                      "peak_mb": max(r["peak_mb"] for r in runs), "runs": runs} for name, runs in results.items()}
    print(json.dumps({name: {k: v for k, v in s.items() if k != "runs"} for name, s in summary.items()}, indent=1))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"rows": args.rows, "partition_size": args.partition_size, **summary}, indent=1))


if __name__ == "__main__":
    main()
