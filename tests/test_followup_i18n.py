"""The follow-up in Swedish and in English: `follow-up`'s output and help, the problems of follow-up and
actuals files, and the workbook's Uppföljning and Rekvisition sheets, chosen by the locale or `--lang`.

Both languages must say the same: the same numbers in the same order, the same locations and check ids.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from support.libreoffice import needs_libreoffice, recalculate, values
from support.locale_run import run

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "follow-up"
FOLLOW_UP = EXAMPLE / "follow-up.yaml"
NUMBER = re.compile(r"-?\d{1,3}(?: \d{3})*(?:,\d+)?")  # 1 092 960, 33,3 — columns are two spaces apart
PROBLEM = re.compile(r"^(\S+:\d+:\d+): \w+: (.*) \(([\w-]+)\)$", re.M)  # location, message, check id

# Common words of one language that the other's texts do not contain (budget data aside).
ENGLISH = {"the", "and", "of", "to", "is", "are", "not", "with", "up", "date", "claim", "paid", "approved", "cost",
           "costs", "category", "remaining", "used", "deviation", "share", "financier", "reported", "earlier",
           "grants", "kind", "how", "total", "actual", "case", "officer", "approval", "decision", "change", "over",
           "rule", "programme", "follow-up", "still", "come", "this", "above", "never", "what", "they"}
SWEDISH = {"och", "till", "med", "av", "över", "räcker", "godkännande", "ändringsbeslut", "handläggarens",
           "kostnadsslag", "utfall", "hittills", "kvar", "förbrukat", "avvikelse", "finansiär", "slag", "beviljat",
           "andel", "redovisad", "kostnad", "tidigare", "denna", "bidrag", "inbetalt", "direkt", "summa", "bokförd",
           "uppföljning", "rekvisition", "mer", "än", "kommuner", "aldrig", "det", "den"}



def words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[\wåäöÅÄÖ-]+", text)}


@pytest.fixture(scope="module")
def both() -> tuple[str, str]:
    swedish = run("follow-up", str(FOLLOW_UP), "--explain", lang="sv_SE.UTF-8")
    english = run("follow-up", str(FOLLOW_UP), "--explain", "--lang", "en", lang="sv_SE.UTF-8")
    assert swedish.returncode == english.returncode == 0, swedish.stderr + english.stderr
    return swedish.stdout, english.stdout


def test_follow_up_speaks_swedish_under_a_swedish_locale(both):
    swedish, _english = both
    assert swedish.startswith("Uppföljning 1 nov 2025 – 28 feb 2026 (2025-11-01 – 2026-02-28), redovisade "
                              "perioder: rp1, rp2\n")
    header = swedish.splitlines()[2].split()
    assert header[:4] == ["Kostnadsslag", "Budget", "Planerat", "hittills"] and header[-2:] == ["Prognos", "Kräver"]
    assert re.search(r"^  SUMMA PROJEKTKOSTNAD +2 342 511 ", swedish, re.M)
    assert "\nRekvisition\n  Finansiär  " in swedish and "\nAvvikelser:\n" in swedish
    # Externa tjänster: 400 000 against 300 000, 100 000 kr (33,3 %) over: more than 20 % and 50 000 kr
    assert ("  Externa tjänster: utfall hittills 400 000 är 100 000 kr (33,3 %) över beviljade 300 000: kräver ett "
            "ändringsbeslut\n") in swedish
    assert "  Resor och logi: utfall hittills 140 000 är 40 000 kr (40,0 %) över beviljade 100 000: kräver " \
           "handläggarens godkännande\n" in swedish
    assert re.search(r"^  Tillväxtverket +bidrag +937 004 +221 456 +470 724 +466 280 +40,0000 % av 553 640$", swedish,
                     re.M)
    assert re.search(r"^  Härnösands kommun +inbetalt .* utlovat hittills 99 863$", swedish, re.M)
    assert "  År 1: 243 av 365 dagar\n" in swedish  # 1 July 2025 – 28 February 2026
    assert not words(swedish) & (ENGLISH - {"rp1", "rp2"})


def test_follow_up_speaks_english_with_lang_en(both):
    _swedish, english = both
    assert english.startswith("Follow-up 1 nov 2025 – 28 feb 2026 (2025-11-01 – 2026-02-28), reported: rp1, rp2\n")
    assert re.search(r"^  TOTAL PROJECT COST +2 342 511 ", english, re.M)
    assert "\nPayment claim\n  Financier  " in english and "\nDeviations:\n" in english
    assert ("  Externa tjänster: actual to date 400 000 is 100 000 kr (33,3 %) above the approved 300 000: needs a "
            "change decision\n") in english
    assert re.search(r"^  Tillväxtverket +claim +937 004 .* 40,0000 % of 553 640$", english, re.M)
    assert "  År 1: 243 of 365 days\n" in english


def test_both_languages_give_the_same_numbers_in_the_same_order(both):
    swedish, english = both
    numbers = NUMBER.findall(swedish)
    assert len(numbers) > 100 and "2 342 511" in numbers
    assert numbers == NUMBER.findall(english)


def test_markdown_headings_follow_the_language():
    swedish = run("follow-up", str(FOLLOW_UP), "--format", "markdown", lang="sv_SE.UTF-8").stdout
    english = run("follow-up", str(FOLLOW_UP), "--format", "markdown", lang="C.UTF-8").stdout
    assert swedish.startswith("## Uppföljning 1 nov 2025") and english.startswith("## Follow-up 1 nov 2025")
    assert "| Kostnadsslag | Budget | Planerat hittills | Utfall denna period | Utfall hittills |" in swedish
    assert "| Category | Budget | Planned to date | Actual this period | Actual to date |" in english
    for sv, en in (("### Rekvisition", "### Payment claim"), ("### Avvikelser", "### Deviations"),
                   ("### Finansiering som ändrats sedan den beviljade budgeten",
                    "### Financing changed since the approved budget")):
        assert sv in swedish and en in english and en not in swedish
    assert NUMBER.findall(swedish) == NUMBER.findall(english)


def test_the_json_report_keeps_its_field_names_and_values_in_both_languages():
    swedish = json.loads(run("follow-up", str(FOLLOW_UP), "-f", "json", lang="sv_SE.UTF-8").stdout)
    english = json.loads(run("follow-up", str(FOLLOW_UP), "-f", "json", lang="C.UTF-8").stdout)
    externa = [next(c for c in r["categories"] if c["id"] == "externa-tjanster") for r in (swedish, english)]
    assert externa[0]["needs"] == externa[1]["needs"] == "change-decision"
    assert {f["how"] for f in swedish["financiers"]} == {"claim", "commitment", "in-kind"}
    assert (swedish["totals"]["project_cost"]["label"], english["totals"]["project_cost"]["label"]) == (
        "SUMMA PROJEKTKOSTNAD", "TOTAL PROJECT COST")


def test_help_of_follow_up_follows_the_locale():
    swedish = run("follow-up", "--help", lang="sv_SE.UTF-8").stdout
    assert "Följ upp budgeten: utfall mot den beviljade budgeten, avvikelser och" in swedish
    assert "Redovisningsperioden (standard: den sista" in swedish and "Förklara hur planerat" in swedish
    assert "--lang" in swedish
    english = run("follow-up", "--help", lang="C.UTF-8").stdout
    assert "Follow the budget: actual costs against the approved budget" in english
    assert "Redovisningsperioden" not in english


@pytest.fixture()
def broken(tmp_path: Path) -> Path:
    """The example with an actuals file that writes a rate, names an unknown category, and gives too many hours."""
    folder = tmp_path / "follow-up"
    shutil.copytree(EXAMPLE, folder)
    rp2 = folder / "actuals" / "rp2.yaml"
    text = rp2.read_text("utf-8").replace("  resor: 80 000", "  resor: 80 000\n  oh: 1 000\n  resorr: 3")
    rp2.write_text(text.replace("  Projektledare: 580", "  Projektledare: 1 200"), "utf-8")
    return folder


def problems(text: str) -> list[tuple[str, str, str]]:
    return PROBLEM.findall(text)


def test_check_of_a_broken_actuals_file_speaks_swedish_at_the_same_places(broken):
    rp2 = str(broken / "actuals" / "rp2.yaml")
    swedish = run("check", "-f", "parsable", rp2, lang="sv_SE.UTF-8")
    english = run("check", "-f", "parsable", "--lang", "en", rp2, lang="sv_SE.UTF-8")
    assert swedish.returncode == english.returncode == 1
    sv, en = problems(swedish.stdout), problems(english.stdout)
    assert len(sv) == 3 and [(where, check) for where, _m, check in sv] == [(where, check) for where, _m, check in en]
    messages = {m for _w, m, _c in sv}
    assert "'OH' är en schablon av andra kostnadsslag: den beräknas från utfallet och skrivs inte" in messages
    assert any(m.startswith("okänt kostnadsslag 'resorr' (den beviljade budgeten har personal,") for m in messages)
    # 560 + 1 200 = 1 760 hours in the first project year, above 1 720 × 100 %
    assert ("'Projektledare' har 1 760 timmar under projektår 1, över 1 720 × 100 % = 1 720: timmar utöver det är "
            "inte stödberättigande") in messages
    assert "'OH' is a rate of other categories: it is computed from the actual costs, not written" in \
        {m for _w, m, _c in en}
    assert not words(" ".join(messages)) & {"the", "is", "of", "above", "hours", "unknown", "category"}


def test_follow_up_names_the_problems_in_the_chosen_language(broken):
    swedish = run("follow-up", str(broken / "follow-up.yaml"), lang="sv_SE.UTF-8")
    english = run("follow-up", str(broken / "follow-up.yaml"), "--lang", "en", lang="sv_SE.UTF-8")
    assert swedish.returncode == english.returncode == 1 and swedish.stdout == english.stdout == ""
    assert "uppföljningen kan inte beräknas förrän de här problemen är åtgärdade" in swedish.stderr
    assert "the follow-up cannot be computed until these problems are fixed" in english.stderr
    sv, en = problems(swedish.stderr), problems(english.stderr)
    assert [(w, c) for w, _m, c in sv] == [(w, c) for w, _m, c in en] and len(sv) == 4  # hours in rp1 and rp2


def test_a_broken_follow_up_file_is_reported_in_swedish(broken):
    follow_up = broken / "follow-up.yaml"
    follow_up.write_text(follow_up.read_text("utf-8").replace("  file: approved/budget.yaml ", "  "), "utf-8")
    swedish = run("check", "-f", "parsable", str(follow_up), lang="sv_SE.UTF-8")
    english = run("check", "-f", "parsable", str(follow_up), lang="C.UTF-8")
    assert swedish.returncode == english.returncode == 1
    sv, en = problems(swedish.stdout), problems(english.stdout)
    assert sv and [(w, c) for w, _m, c in sv] == [(w, c) for w, _m, c in en]
    assert any("ange antingen 'revision' (en git-revision) eller 'file' (en fryst kopia)" in m for _w, m, _c in sv)
    assert any("give either 'revision' (a git revision) or 'file' (a frozen copy)" in m for _w, m, _c in en)


def test_periods_out_of_order_are_reported_in_swedish(tmp_path):
    follow_up = shutil.copytree(EXAMPLE, tmp_path / "follow-up") / "follow-up.yaml"
    text = follow_up.read_text("utf-8")  # rp3 given rp1's id, ending before it starts and starting before rp2 ends
    text = text.replace("{id: rp3, label: 1 mar – 30 jun 2026, start: 2026-03-01, end: 2026-06-30}",
                        "{id: rp1, label: 1 mar – 30 jun 2026, start: 2026-02-01, end: 2026-01-31}")
    follow_up.write_text(text, "utf-8")
    swedish = problems(run("check", "-f", "parsable", str(follow_up), lang="sv_SE.UTF-8").stdout)
    english = problems(run("check", "-f", "parsable", str(follow_up), lang="C.UTF-8").stdout)
    assert [(w, c) for w, _m, c in swedish] == [(w, c) for w, _m, c in english]
    messages = [m for w, m, _c in swedish if w.startswith(str(follow_up))]
    assert "redovisningsperioden 'rp1' anges två gånger" in messages
    assert "1 mar – 30 jun 2026 slutar innan den börjar" in messages
    assert "1 mar – 30 jun 2026 börjar innan 1 nov 2025 – 28 feb 2026 slutar" in messages


def sheet_texts(path: Path) -> dict[str, list[str]]:
    """Every text of the follow-up's sheets: cell texts, and the texts inside formulas."""
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    found: dict[str, list[str]] = {}
    for name in ("Uppföljning", "Rekvisition"):
        cells = [c.value for row in workbook[name].iter_rows() for c in row if isinstance(c.value, str)]
        found[name] = [t for value in cells for t in (re.findall(r'"([^"]*)"', value) if value.startswith("=")
                                                      else [value])]
    return found


@pytest.fixture(scope="module")
def data_labels() -> set[str]:
    """What the budget and follow-up files name (categories, financiers, periods): data, in their own words."""
    report = json.loads(run("follow-up", str(FOLLOW_UP), "-f", "json").stdout)
    periods = re.findall(r"label: ([^,]+),", FOLLOW_UP.read_text("utf-8"))
    return {c["label"] for c in report["categories"]} | {f["label"] for f in report["financiers"]} | set(periods)


def without(texts: list[str], labels: set[str]) -> str:
    text = " ".join(t for t in texts if t not in labels)
    for label in sorted(labels, key=len, reverse=True):  # a title that names a period
        text = text.replace(label, " ")
    return text


def test_the_swedish_workbook_has_no_english_on_the_follow_up_sheets(tmp_path, data_labels):
    out = tmp_path / "sv.xlsx"
    done = run("export", str(out), str(EXAMPLE / "budget.yaml"), lang="C.UTF-8")  # Swedish unless asked
    assert done.returncode == 0, done.stderr
    texts = sheet_texts(out)
    assert texts["Uppföljning"][:2] == ["Uppföljning till och med 1 nov 2025 – 28 feb 2026",
                                        "Avvikelse: mer än 20 % över budget; under 50 000 kr räcker handläggarens "
                                        "godkännande."]
    assert "SUMMA PROJEKTKOSTNAD" in texts["Uppföljning"] and "ändringsbeslut" in texts["Uppföljning"]
    assert texts["Rekvisition"][0] == "Rekvisition 1 nov 2025 – 28 feb 2026"
    assert {"Finansiär", "Beviljat", "Denna period", "bidrag", "inbetalt", "direkt"} <= set(texts["Rekvisition"])
    for name, found in texts.items():
        english = words(without(found, data_labels)) & ENGLISH
        assert not english, f"English on the Swedish {name} sheet: {sorted(english)}"


@needs_libreoffice
def test_the_english_workbook_has_no_swedish_on_the_follow_up_sheets(tmp_path, data_labels):

    out = tmp_path / "en.xlsx"
    done = run("export", "--lang", "en", str(out), str(EXAMPLE / "budget.yaml"), lang="sv_SE.UTF-8")
    assert done.returncode == 0, done.stderr
    texts = sheet_texts(out)
    assert texts["Uppföljning"][:2] == ["Follow-up up to and including 1 nov 2025 – 28 feb 2026",
                                        "Deviation: more than 20 % over the budget; under 50 000 kr the case officer's "
                                        "approval suffices."]
    assert "TOTAL PROJECT COST" in texts["Uppföljning"] and texts["Rekvisition"][0].startswith("Payment claim ")
    for name, found in texts.items():
        rest = without(found, data_labels)
        swedish = words(rest) & SWEDISH
        assert not swedish and not re.search("[åäöÅÄÖ]", rest), f"Swedish on the English {name} sheet: {rest}"
    # the deviation formula gives the English words once LibreOffice has calculated it
    follow = values(recalculate(out, tmp_path / "lo"))["Uppföljning"]
    rows = {follow[f"A{r}"]: r for r in range(5, 14)}
    # Externa tjänster 100 000 kr (33 %) over: a change decision; Resor 40 000 kr (40 %): under 50 000 kr
    assert (follow[f"H{rows['Externa tjänster']}"], follow[f"H{rows['Resor och logi']}"]) == (
        "change decision", "case officer's approval")
    assert follow[f"E{rows['TOTAL PROJECT COST']}"] == 1_176_810  # 623 170 (rp1) + 553 640 (rp2)
