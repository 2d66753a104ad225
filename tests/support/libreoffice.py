"""Recalculate openpyxl-written workbooks with headless LibreOffice.

openpyxl stores formulas without cached results, so tests let LibreOffice
compute every formula and then read the results back with openpyxl.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import openpyxl
import pytest

TIMEOUT_SECONDS = 120

# LibreOffice's default OOXMLRecalcMode is 1 ("never recalculate"): cached
# <v> values in the file are trusted. 0 means "always recalculate on load".
_REGISTRY = """\
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice_path() -> str | None:
    """Return the LibreOffice executable found on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _required() -> bool:
    """CI sets HSO_REQUIRE_LIBREOFFICE=1: there a missing LibreOffice fails the tests."""
    return os.environ.get("HSO_REQUIRE_LIBREOFFICE") == "1"


needs_libreoffice = pytest.mark.skipif(
    soffice_path() is None and not _required(),
    reason="LibreOffice not installed (apt-get install libreoffice-calc-nogui)",
)


def recalculate(xlsx: Path, workdir: Path, timeout: float = TIMEOUT_SECONDS) -> Path:
    """Recalculate every formula in ``xlsx`` and return the recalculated copy.

    LibreOffice runs headless with a throw-away profile in ``workdir`` that
    forces a full recalculation on load; the copy is written to
    ``workdir/recalculated/<stem>.xlsx``. ``workdir`` may be reused for later
    calls, but not by two calls running at the same time.
    """
    return recalculate_all([xlsx], workdir, timeout)[0]


def recalculate_all(paths: list[Path], workdir: Path, timeout: float = TIMEOUT_SECONDS) -> list[Path]:
    """Recalculate several workbooks in one LibreOffice run (their names must differ)."""
    soffice = soffice_path()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed or not on PATH")
    paths = [p.resolve() for p in paths]
    workdir = workdir.resolve()
    profile = workdir / "lo-profile"
    registry = profile / "user" / "registrymodifications.xcu"
    if not registry.exists():
        registry.parent.mkdir(parents=True, exist_ok=True)
        registry.write_text(_REGISTRY, encoding="utf-8")
    outdir = workdir / "recalculated"
    targets = [outdir / f"{p.stem}.xlsx" for p in paths]
    for source, target in zip(paths, targets):
        if target == source:
            raise ValueError(f"{source} is inside {outdir}; it would be overwritten")
        target.unlink(missing_ok=True)

    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        str(outdir),
        *map(str, paths),
    ]
    # A new session lets a timeout kill soffice.bin too, not just its launcher.
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, stderr = process.communicate()
        raise RuntimeError(
            f"LibreOffice timed out after {timeout}s converting {paths}:\n{stderr}"
        ) from None
    # soffice exits 0 even when it cannot load the file, so check the output.
    missing = [str(p) for p, t in zip(paths, targets) if not t.is_file()]
    if process.returncode != 0 or missing:
        raise RuntimeError(
            f"LibreOffice failed to convert {missing or paths} (exit code {process.returncode}):\n"
            f"{stderr}"
        )
    return targets


def values(xlsx: Path) -> dict[str, dict[str, object]]:
    """Return ``{sheet title: {"A1": value, ...}}`` for the non-empty cells of ``xlsx``.

    Formula cells yield the result cached in the file (``data_only=True``).
    """
    workbook = openpyxl.load_workbook(xlsx, data_only=True)
    return {
        sheet.title: {
            cell.coordinate: cell.value
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        }
        for sheet in workbook.worksheets
    }
