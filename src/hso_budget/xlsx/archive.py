"""Saving a workbook byte for byte the same every time, and atomically.

openpyxl stamps the current time into docProps/core.xml when it saves and into every zip
entry; the workbook is staged in memory without the stamp in core.xml, then the archive is
rewritten entry by entry, in openpyxl's (fixed) order, with a fixed time and compression.
The rewrite also stores each formula's value (`<v>`) in its cell, as Excel does after
calculating, so viewers that do not calculate show the numbers; Excel and LibreOffice still
recalculate on opening. The file is written next to its destination and moved over it in one step, so a failed
export leaves the previous file as it was.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import zipfile
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from openpyxl.workbook import Workbook
from openpyxl.writer.excel import ExcelWriter

# Nothing in the file depends on when it was written.
FIXED_TIME = datetime(2000, 1, 1)
_ENTRY_TIME = FIXED_TIME.timetuple()[:6]
_COMPRESSION_LEVEL = 6
# A formula cell as openpyxl writes it: no type, the formula, an empty value.
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f><v ?/>')

Values = dict[str, dict[str, Decimal | int | str]]  # {sheet title: {coordinate: value}}


def save(workbook: Workbook, path: Path, values: Values) -> None:
    """Write `workbook` to `path` with every formula's value: deterministically, through a temporary file."""
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    staged = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(staged, "w", zipfile.ZIP_STORED)).save()  # save() closes the zip
    by_entry = {ws.path.lstrip("/"): values.get(ws.title, {}) for ws in workbook.worksheets}
    replace_atomically(path, lambda target: _repack(staged, target, by_entry))


def _repack(staged: io.BytesIO, target: BinaryIO, values: Values) -> None:
    """Copy every entry with the same time, permissions and compression, worksheets with their values."""
    with zipfile.ZipFile(staged) as source, zipfile.ZipFile(target, "w") as archive:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=_ENTRY_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            data = source.read(item)
            if item.filename in values:
                data = store_values(data, values[item.filename])
            archive.writestr(entry, data, compresslevel=_COMPRESSION_LEVEL)


def store_values(sheet_xml: bytes, values: dict[str, Decimal | int | str]) -> bytes:
    """The worksheet with each formula cell's value in its `<v>`; text results are typed `str`."""

    def with_value(match: re.Match) -> bytes:
        coordinate, attributes, formula = match.groups()
        value = values[coordinate.decode()]
        if isinstance(value, str):
            attributes += b' t="str"'
            value = escape(value)
        else:
            value = format(value, "f")
        return b'<c r="%s"%s><f>%s</f><v>%s</v>' % (coordinate, attributes, formula, value.encode())

    return _FORMULA_CELL.sub(with_value, sheet_xml)


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
