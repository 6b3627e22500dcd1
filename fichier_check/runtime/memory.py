"""Process-wide memory settings: the allocator's, which keep a long audit's memory flat, and the
garbage collector's, which stop it walking the imported modules' objects again and again.

glibc's dynamic mmap threshold let the memory freed after each chunk stay with the process, and
the resident size crept up chunk after chunk: a fixed threshold returns large blocks to the
system at once. Fixed at 4 MB, not lower: a chunk's column of 50,000 int64 or object pointers is
400 KB, and with a lower threshold every such array was mapped, faulted in page by page and
unmapped again. The top of the heap is kept up to 32 MB when freed (glibc's trim threshold, 128 KB
once the mmap threshold is fixed), so that the next chunk's arrays reuse those pages instead of
faulting in new ones. Measured at 1M rows (2026-12-03, seventh session, alternating runs):
page faults 862-872k → 292-309k, kernel time 5.2-5.6 → 3.1-3.3 s, peak 370-379 → 428-431 MB;
5M rows peak 455 MB.

Arrow keeps its own pool (mimalloc in the PyPI wheels; pyarrow 26 or later is
required, the release whose bundled mimalloc was measured here), which reuses its blocks instead
of mapping and unmapping them for every array: on the system allocator, the page faults
of those mappings were a quarter of the run's CPU time. Measured on the bench files
(docs/performance.md, 2026-12-03): 5M rows 89.9 → 68.6 s, 145.7 → 111.3 CPU-seconds (kernel
34.9 → 20.1 s), peak 410 → 453 MB; 1M rows peak 358–369 → 383–409 MB.
"""
from __future__ import annotations

import ctypes
import gc

_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter; a fixed value also disables its dynamic growth
_MMAP_THRESHOLD = 4 << 20
_M_TRIM_THRESHOLD = -1  # kept when fixed: otherwise glibc adjusts it with the mmap threshold
_TRIM_THRESHOLD = 32 << 20


def bound_memory() -> None:
    """Call once, before the audit allocates its chunks. Harmless where glibc is not the libc."""
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)  # the running process's libc, if it is glibc
    if mallopt is not None:
        mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
        mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)


def spare_the_collector() -> None:
    """Put every object alive now out of the cyclic garbage collector's reach, for good: call it in
    a one-shot process only (the CLI), once the run's modules are imported, and again when the run
    is done. A full collection walks every tracked object, and the modules' objects alone (about
    90,000) take it 90 ms on the bench machine: at each full collection of the run, then at the
    interpreter's exit, which took 0.45-0.55 s of a 20,000-row audit (0.05-0.1 s once spared).
    The workers forked later share these objects' pages instead of copying them."""
    gc.freeze()
