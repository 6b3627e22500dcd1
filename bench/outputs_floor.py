"""What writing an audit's outputs costs with nothing left to compute: the files of an audit's
output folder, already in memory, written again the way the audit writes them (an owner-only
temporary file, fsync, rename). Usage: python bench/outputs_floor.py AUDIT_OUT_DIR TARGET_DIR"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

BLOCK = 8 << 20


def write_like_the_audit(target: Path, data: bytes) -> tuple[float, float]:
    """(seconds writing, seconds in fsync and rename) for one file."""
    temporary = target.with_name(f".{target.name}.tmp")
    started = time.perf_counter()
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(data)
        for start in range(0, len(data), BLOCK):
            os.write(fd, view[start:start + BLOCK])
        written = time.perf_counter()
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, target)
    return written - started, time.perf_counter() - written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    args.target.mkdir(parents=True, exist_ok=True)
    files = {path.name: path.read_bytes() for path in sorted(args.source.iterdir()) if path.is_file()}
    total_write = total_sync = 0.0
    for name, data in files.items():
        write, sync = write_like_the_audit(args.target / name, data)
        total_write, total_sync = total_write + write, total_sync + sync
        print(f"{name}: {len(data) / 1e6:,.0f} MB, write {write:.2f} s, fsync {sync:.2f} s")
    print(f"all {sum(map(len, files.values())) / 1e6:,.0f} MB: write {total_write:.2f} s, "
          f"fsync {total_sync:.2f} s, total {total_write + total_sync:.2f} s")


if __name__ == "__main__":
    main()
