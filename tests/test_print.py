"""The export as a board member prints it: each workbook rendered to PDF by LibreOffice.

The pages are read back with `pdftotext -bbox` (poppler-utils): every word with its box.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from hso_budget.runner import check_path
from hso_budget.xlsx import write_workbook

from support.libreoffice import needs_libreoffice, soffice_path

ROOT = Path(__file__).resolve().parents[1]
BUDGETS = [ROOT / "data" / "budget.yaml", *sorted((ROOT / "examples").glob("*.yaml"))]
SMALLEST_TEXT = 8.0  # points: the height of a word's box

LINE_OVERLAP = 0.2  # of a word box's height: the part two lines of one cell may share

_LOCALE = """\
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">\
<value>sv-SE</value></prop></item>
</oor:items>
"""
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None and os.environ.get("HSO_REQUIRE_LIBREOFFICE") != "1",
                                   reason="poppler-utils not installed")


def render(budget: Path, workdir: Path) -> list[tuple[str, list[tuple[float, float, float, float, str]]]]:
    """Export `budget`, print it to PDF in a Swedish LibreOffice; each page's sheet and words."""
    xlsx = workdir / f"{budget.stem}.xlsx"
    write_workbook(check_path(budget), xlsx)
    registry = workdir / "profile" / "user" / "registrymodifications.xcu"
    registry.parent.mkdir(parents=True, exist_ok=True)
    registry.write_text(_LOCALE, encoding="utf-8")
    subprocess.run([soffice_path(), f"-env:UserInstallation={(workdir / 'profile').as_uri()}", "--headless",
                    "--norestore", "--convert-to", "pdf", "--outdir", str(workdir), str(xlsx)],
                   check=True, capture_output=True, timeout=180)
    html = subprocess.run(["pdftotext", "-bbox", str(xlsx.with_suffix(".pdf")), "-"],
                          check=True, capture_output=True, text=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in _WORD.findall(page)]
        texts = [w[4] for w in words]
        pages.append((texts[texts.index("blad") + 1], words))  # the footer: "blad Budget · sida 1 av N"
    return pages


@pytest.fixture(scope="module", params=BUDGETS, ids=lambda p: p.stem)
def pages(request, tmp_path_factory):
    return render(request.param, tmp_path_factory.mktemp(request.param.stem))


@needs_libreoffice
@needs_poppler
def test_the_budget_sheet_is_one_page_with_costs_and_financing(pages):
    budget = [words for sheet, words in pages if sheet == "Budget"]
    assert len(budget) == 1
    texts = " ".join(w[4] for w in budget[0])
    assert "KOSTNAD" in texts and "SUMMA PROJEKTFINANSIERING" in texts
    assert "sida 1 av" in texts


@needs_libreoffice
@needs_poppler
def test_every_sheet_is_printed_with_its_header_and_footer(pages):
    assert {sheet for sheet, _ in pages} >= {"Budget", "Finansiärer", "Kontroller"}
    for number, (sheet, words) in enumerate(pages, start=1):
        texts = " ".join(w[4] for w in words)
        assert f"sida {number} av {len(pages)}" in texts, sheet
        assert "utskriven" in texts, sheet


@needs_libreoffice
@needs_poppler
def test_no_text_is_smaller_than_8_points(pages):
    for sheet, words in pages:
        small = [(w[4], round(w[3] - w[1], 1)) for w in words if w[3] - w[1] < SMALLEST_TEXT]
        assert not small, f"{sheet}: {small[:5]}"


@needs_libreoffice
@needs_poppler
def test_no_two_words_overlap(pages):
    for sheet, words in pages:
        boxes = sorted(words)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                if b[0] >= a[2]:
                    break
                # lines of wrapped text are closer than their boxes are tall: allow a sliver
                sliver = LINE_OVERLAP * min(a[3] - a[1], b[3] - b[1])
                overlap = min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > sliver
                assert not overlap, f"{sheet}: {a[4]!r} and {b[4]!r} overlap"
