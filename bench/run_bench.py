"""Benchmark: on the same generated file, time (a) the full default audit with every output
written and (b) the floor (bench/floor.py: fastest read + write back), each as a whole process
under /usr/bin/time -v (Debian package `time`), and print rows/s, the ratio (a)/(b) and peak memory.

    python bench/run_bench.py --rows 1000000            # generates bench/data/p1000000.csv once
    python bench/run_bench.py --rows 100000 --xlsx      # also an XLSX of the same rows
    python bench/run_bench.py --rows 100000 --frictionless   # frictionless validate, own venv
    python bench/run_bench.py --rows 1000000 --hygiene  # the file with the campaign columns, and --calls
    python bench/run_bench.py --rows 1000000 --catalogue  # the file with source, job title, address… columns

Every run also times (c) the shipped 20-row example (examples/prospects.csv with its two lists,
every output written, the summary printed), as a user types it: median of --small-repeat runs.

Targets: 1M rows ratio (a)/(b) ≤ 4 on 2 cores (issue #5); 5M rows peak ≤ 600 MB and rows/s within
20 % of the 1M figure; XLSX 100k rows ≤ 10 s; the 20-row example ≤ 1.0 s (issue #16). Results go
to stdout and, with --json, to a file.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"


def measure(command: list[str]) -> dict:
    """Wall seconds and peak RSS (MB) of one whole process."""
    done = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", done.stderr).group(1)
    seconds = sum(float(part) * 60 ** i for i, part in enumerate(reversed(wall.split(":"))))
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
    return {"seconds": seconds, "peak_mb": peak_kb / 1024}


def median_of(command: list[str], repeat: int) -> dict:
    runs = [measure(command) for _ in range(repeat)]
    return {"seconds": statistics.median(r["seconds"] for r in runs),
            "peak_mb": max(r["peak_mb"] for r in runs), "runs": runs}


def generate(rows: int, seed: int, xlsx: bool = False, hygiene: bool = False, catalogue: bool = False) -> dict[str, Path]:
    DATA.mkdir(exist_ok=True)
    stem = DATA / f"p{rows}-s{seed}"
    paths = {"csv": stem.with_suffix(".csv"), "opposition": DATA / f"opp{rows}-s{seed}.csv",
             "bloctel": DATA / f"bloc{rows}-s{seed}.txt"}
    if catalogue:  # the same rows and lists, plus the columns of the rest of the catalogue
        generate(rows, seed)
        paths["csv"] = DATA / f"p{rows}-s{seed}-catalogue.csv"
        if not paths["csv"].exists():
            subprocess.run([sys.executable, str(HERE / "generate.py"), "--rows", str(rows), "--seed", str(seed),
                            "--out", str(paths["csv"]), "--catalogue"], check=True, stdout=subprocess.DEVNULL)
        return paths
    if hygiene:  # the same rows and lists, plus the campaign columns and a call history
        generate(rows, seed)
        paths["csv"], paths["calls"] = DATA / f"p{rows}-s{seed}-hygiene.csv", DATA / f"calls{rows}-s{seed}.csv"
        if not paths["csv"].exists() or not paths["calls"].exists():
            subprocess.run([sys.executable, str(HERE / "generate.py"), "--rows", str(rows), "--seed", str(seed),
                            "--out", str(paths["csv"]), "--calls", str(paths["calls"])], check=True,
                           stdout=subprocess.DEVNULL)
        return paths
    if not paths["csv"].exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--rows", str(rows), "--seed", str(seed),
                        "--out", str(paths["csv"]), "--opposition", str(paths["opposition"]),
                        "--bloctel", str(paths["bloctel"])], check=True, stdout=subprocess.DEVNULL)
    if xlsx:
        paths["xlsx"] = stem.with_suffix(".xlsx")
        if not paths["xlsx"].exists():
            subprocess.run([sys.executable, str(HERE / "generate.py"), "--rows", str(rows), "--seed", str(seed),
                            "--out", str(paths["xlsx"]), "--xlsx"], check=True, stdout=subprocess.DEVNULL)
    return paths


def installed_command() -> str:
    beside = Path(sys.executable).parent / "fichier-check"  # the one installed with this Python
    return str(beside) if beside.exists() else shutil.which("fichier-check") or "fichier-check"


def audit_command(source: Path, paths: dict, out: Path, extra: list[str]) -> list[str]:
    calls = ["--calls", str(paths["calls"])] if "calls" in paths and takes_calls() else []
    return [installed_command(), "audit", str(source), "--out-dir", str(out), "--opposition", str(paths["opposition"]),
            "--bloctel", str(paths["bloctel"]), "--quiet", "--fail-on", "never", *calls, *extra]


def example_command(out: Path) -> list[str]:
    """The README's first command on the shipped example (its summary goes to the pipe); its call
    history only for a fichier-check that reads one (a base from before --calls is timed without)."""
    example = HERE.parent / "examples"
    calls = ["--calls", str(example / "calls.csv")] if takes_calls() else []
    return [installed_command(), "audit", str(example / "prospects.csv"), "--out-dir", str(out), "--bloctel",
            str(example / "bloctel.txt"), "--opposition", str(example / "opposition.csv"), *calls]


def takes_calls() -> bool:
    shown = subprocess.run([installed_command(), "audit", "--help"], capture_output=True, text=True).stdout
    return "--calls" in shown


def frictionless(source: Path) -> dict:
    venv = DATA / "frictionless-venv"
    if not (venv / "bin" / "frictionless").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "frictionless"], check=True)
    return measure([str(venv / "bin" / "frictionless"), "validate", "--trusted", "--dialect",
                    '{"csv": {"delimiter": ";"}}', "--limit-errors", "10000000", "--json", str(source)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int)
    parser.add_argument("--xlsx", action="store_true")
    parser.add_argument("--frictionless", action="store_true")
    parser.add_argument("--small-repeat", type=int, default=7)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--hygiene", action="store_true",
                        help="audit the file with the campaign columns, with its call history (--calls)")
    parser.add_argument("--catalogue", action="store_true",
                        help="audit the file with the columns of the rest of the catalogue (source, job title, address…)")
    args = parser.parse_args()
    paths = generate(args.rows, args.seed, args.xlsx, args.hygiene, args.catalogue)
    extra = ["--jobs", str(args.jobs)] if args.jobs else []
    results = {"rows": args.rows, "size_mb": paths["csv"].stat().st_size / 1e6, "cores": os.cpu_count(),
               "file": paths["csv"].name, "calls": "calls" in paths and takes_calls()}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        results["audit"] = median_of(audit_command(paths["csv"], paths, out / "a", extra), args.repeat)
        results["floor"] = median_of([sys.executable, str(HERE / "floor.py"), str(paths["csv"]),
                                      str(out / "floor.csv")], args.repeat)
        if args.xlsx:
            results["xlsx"] = median_of(audit_command(paths["xlsx"], paths, out / "x", extra), args.repeat)
        if args.frictionless:
            results["frictionless"] = frictionless(paths["csv"])
        results["example"] = median_of(example_command(out / "e"), args.small_repeat)
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


def report(results: dict) -> None:
    rows = results["rows"]
    audit, floor = results["audit"], results["floor"]
    ratio = audit["seconds"] / floor["seconds"]
    print(f"rows {rows:,} · {results['size_mb']:.0f} MB · {results['cores']} cores")
    print(f"(a) audit : {audit['seconds']:7.2f} s  {rows / audit['seconds']:>10,.0f} rows/s  peak {audit['peak_mb']:6.0f} MB")
    print(f"(b) floor : {floor['seconds']:7.2f} s  {rows / floor['seconds']:>10,.0f} rows/s  peak {floor['peak_mb']:6.0f} MB")
    print(f"ratio (a)/(b): {ratio:.1f}" + ("  [target ≤ 4 at 1M rows: " + ("PASS" if ratio <= 4 else "FAIL") + "]"
                                          if rows >= 1_000_000 else ""))
    if rows >= 5_000_000:
        print(f"peak memory target ≤ 600 MB: {'PASS' if audit['peak_mb'] <= 600 else 'FAIL'}")
    if "xlsx" in results:
        xlsx = results["xlsx"]["seconds"]
        spread = sorted(r["seconds"] for r in results["xlsx"]["runs"])
        print(f"XLSX audit: {xlsx:.2f} s (median of {len(spread)}: {', '.join(f'{t:.2f}' for t in spread)})"
              + (f"  [target ≤ 10 s at 100k rows: {'PASS' if xlsx <= 10 else 'FAIL'}]" if rows == 100_000 else ""))
    if "example" in results:
        small = sorted(r["seconds"] for r in results["example"]["runs"])
        print(f"(c) 20-row example: {results['example']['seconds']:.2f} s (median of {len(small)}: "
              f"{small[0]:.2f}-{small[-1]:.2f})  [target ≤ 1.0 s: {'PASS' if results['example']['seconds'] <= 1.0 else 'FAIL'}]")
    if "frictionless" in results:
        f = results["frictionless"]
        print(f"frictionless validate: {f['seconds']:.2f} s  {rows / f['seconds']:,.0f} rows/s  peak {f['peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
