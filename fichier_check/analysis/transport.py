"""How a column's analysis crosses from a worker process to the run: its text arrays as Arrow.

A phone or e-mail analysis holds per-row text (E.164 forms, normal forms, reasons) as numpy
object arrays: pickled, that is one Python string per row to write and to read back, about a
third of what the analysis itself costs. `PacksText` pickles each of them as one Arrow string
array (its buffers are copied as they are) and turns it back into an object array only when the
run reads it, which for some (the E.164 forms the worker has already matched against the lists)
is never.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa


@dataclass(frozen=True)
class _Packed:
    array: pa.Array


class PacksText:
    """Mixin for a dataclass of per-row numpy arrays (see the module docstring)."""

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        for name, value in self.__dict__.items():
            # a field with a default is also a class attribute, which would hide the packed array
            if isinstance(value, np.ndarray) and value.dtype == object and not hasattr(type(self), name):
                try:
                    state[name] = _Packed(pa.array(value, type=pa.string()))
                except (pa.ArrowException, TypeError):
                    pass  # not all text: pickled as it is
        state.pop("_packed", None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update({k: v for k, v in state.items() if not isinstance(v, _Packed)})
        self.__dict__["_packed"] = {k: v for k, v in state.items() if isinstance(v, _Packed)}

    def __getattr__(self, name: str):
        # only called for attributes not set: a packed array not read yet
        packed = self.__dict__.get("_packed")
        if packed is None or name not in packed:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        value = packed.pop(name).array.to_numpy(zero_copy_only=False)
        self.__dict__[name] = value
        return value
