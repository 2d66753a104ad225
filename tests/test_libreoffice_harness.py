"""The LibreOffice recalculation harness computes formulas like a spreadsheet."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from support.libreoffice import needs_libreoffice, recalculate, values

pytestmark = needs_libreoffice


def build_workbook(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    main = workbook.active
    main.title = "Main"
    main["B1"] = 1250
    main["B2"] = 20.5
    main["B3"] = 7
    main["A1"] = "=SUM(B1:B3)"
    main["A2"] = "=ROUND(2.5,0)"
    main["A3"] = "=ROUND(B1*15%,0)"
    main["A4"] = "='Other'!A1*2"
    main["A5"] = "=2+3"
    main["A6"] = "=2+3"
    main["A6"].data_type = "s"
    workbook.create_sheet("Other")["A1"] = 21
    workbook.save(path)
    return path


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One LibreOffice profile shared by the module, so calls run in a row."""
    return tmp_path_factory.mktemp("libreoffice")


@pytest.fixture(scope="module")
def computed(workdir: Path) -> dict[str, dict[str, object]]:
    return values(recalculate(build_workbook(workdir / "budget.xlsx"), workdir))


def test_formulas_are_computed(computed: dict[str, dict[str, object]]) -> None:
    main = computed["Main"]
    assert main["A1"] == 1277.5  # 1250 + 20.5 + 7
    assert main["A3"] == 188  # 1250 * 15% = 187.5, rounded half away from zero
    assert main["A4"] == 42  # 'Other'!A1 = 21, times 2
    assert main["A5"] == 5
    assert computed["Other"] == {"A1": 21}


def test_round_is_half_away_from_zero(computed: dict[str, dict[str, object]]) -> None:
    assert round(2.5) == 2  # Python rounds half to even; spreadsheets do not
    assert computed["Main"]["A2"] == 3


def test_formula_looking_text_stays_text(
    computed: dict[str, dict[str, object]], tmp_path: Path
) -> None:
    reloaded = openpyxl.load_workbook(build_workbook(tmp_path / "t.xlsx"))["Main"]
    assert reloaded["A5"].data_type == "f"  # plain assignment makes a formula
    assert reloaded["A6"].data_type == "s"  # data_type set afterwards keeps text
    assert computed["Main"]["A6"] == "=2+3"


def test_stale_cached_results_are_recalculated(workdir: Path) -> None:
    source = build_workbook(workdir / "fresh.xlsx")
    stale = workdir / "stale.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(stale, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v />", b"<v>999</v>")
            dst.writestr(item, data)
    assert values(stale)["Main"]["A1"] == 999

    main = values(recalculate(stale, workdir))["Main"]

    assert (main["A1"], main["A2"], main["A3"], main["A4"]) == (1277.5, 3, 188, 42)


def test_unloadable_file_raises_with_stderr(workdir: Path) -> None:
    broken = workdir / "broken.xlsx"
    broken.write_bytes(b"not a spreadsheet")
    with pytest.raises(RuntimeError, match="LibreOffice failed to convert"):
        recalculate(broken, workdir)


def test_timeout_raises(tmp_path: Path) -> None:
    workbook = build_workbook(tmp_path / "slow.xlsx")
    with pytest.raises(RuntimeError, match="timed out"):
        recalculate(workbook, tmp_path, timeout=0.01)
