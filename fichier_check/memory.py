"""Process-wide allocator settings that keep a long audit's memory flat.

Measured on the 1M-row benchmark (docs/performance.md): with Arrow's default mimalloc pool and
glibc's dynamic mmap threshold, memory freed after each chunk stayed with the process and the
resident size crept up chunk after chunk. Arrow on the system allocator, and glibc returning
large blocks to the system at once, keep the peak near one chunk's working set (617 → 488 MB).
"""
from __future__ import annotations

import ctypes

_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter; a fixed value also disables its dynamic growth
_MMAP_THRESHOLD = 256 * 1024


def bound_memory() -> None:
    """Call once, before the audit allocates its chunks. Harmless where glibc is not the libc."""
    import pyarrow as pa
    pa.set_memory_pool(pa.system_memory_pool())
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)  # the running process's libc, if it is glibc
    if mallopt is not None:
        mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
