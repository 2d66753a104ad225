"""Saving a workbook byte for byte the same every time, and atomically.

openpyxl stamps the current time into docProps/core.xml when it saves and into every zip
entry; the workbook is staged in memory without the stamp in core.xml, then the archive is
rewritten entry by entry, in openpyxl's (fixed) order, with a fixed time and compression.
The file is written next to its destination and moved over it in one step, so a failed
export leaves the previous file as it was.
"""

from __future__ import annotations

import io
import os
import secrets
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from openpyxl.workbook import Workbook
from openpyxl.writer.excel import ExcelWriter

# Nothing in the file depends on when it was written.
FIXED_TIME = datetime(2000, 1, 1)
_ENTRY_TIME = FIXED_TIME.timetuple()[:6]
_COMPRESSION_LEVEL = 6


def save(workbook: Workbook, path: Path) -> None:
    """Write `workbook` to `path`: deterministically, through a temporary file."""
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    staged = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(staged, "w", zipfile.ZIP_STORED)).save()  # save() closes the zip
    replace_atomically(path, lambda target: _repack(staged, target))


def _repack(staged: io.BytesIO, target: BinaryIO) -> None:
    """Copy every entry with the same time, permissions and compression."""
    with zipfile.ZipFile(staged) as source, zipfile.ZipFile(target, "w") as archive:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=_ENTRY_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            archive.writestr(entry, source.read(item), compresslevel=_COMPRESSION_LEVEL)


def replace_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write a new `path` with `write`, replacing the old one only once the new one is complete."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
    try:
        with os.fdopen(descriptor, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
