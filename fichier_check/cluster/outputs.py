"""The cleaned and quarantine folders of a cluster run: `<stem>.clean/` and `<stem>.quarantine/`
in the output folder, one `part-NNNNN.parquet` (or `.csv`) per input part.

The workers write into a hidden temporary folder beside them (`.<stem>.fichier-check-XXXX/`), so a
failed or interrupted run leaves no part behind; once every part is written, each folder is
renamed into place, an earlier run's folder of the same name replaced (never a folder holding
anything but part files: that one is refused before the run starts).
"""
from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

from fichier_check.errors import UserError

KINDS = ("clean", "quarantine")
PART_FILE = re.compile(r"part-\d{5}\.(parquet|csv)")


class PartFolders:
    def __init__(self, out_dir: Path, stem: str, parts_format: str) -> None:
        self.out_dir, self.stem, self.parts_format = Path(out_dir), stem, parts_format

    def final(self, kind: str) -> Path:
        return self.out_dir / f"{self.stem}.{kind}"

    def refuse_foreign(self) -> None:
        """Exit 2 before anything runs when an output folder's name is taken by something that is
        not an earlier run's part folder."""
        for kind in KINDS:
            target = self.final(kind)
            if target.is_symlink() or target.is_file():
                raise UserError(f"the {kind} parts would replace this file", path=target, hint="remove or rename it")
            if target.is_dir() and any(not PART_FILE.fullmatch(entry.name) for entry in target.iterdir()):
                raise UserError(f"the {kind} parts would replace this folder, which holds other files", path=target,
                                hint="remove or rename it, or choose another --out-dir")

    @contextlib.contextmanager
    def staging(self) -> Iterator[Path]:
        """The temporary folder the workers write into; removed at the end, whatever happens."""
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            folder = Path(tempfile.mkdtemp(prefix=f".{self.stem}.fichier-check-", dir=self.out_dir))
        except OSError as error:
            raise UserError(f"cannot write in the output folder ({error.strerror or error})", path=self.out_dir,
                            hint="choose another folder with --out-dir") from None
        for kind in KINDS:
            (folder / kind).mkdir(mode=0o700)
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def put_in_place(self, staging: Path) -> None:
        """Rename the written folders to their final names (an earlier run's moved aside, then removed)."""
        self.refuse_foreign()
        for kind in KINDS:
            target, written = self.final(kind), staging / kind
            old = staging / f"{kind}.earlier"
            if target.is_dir():
                target.rename(old)
            written.rename(target)
