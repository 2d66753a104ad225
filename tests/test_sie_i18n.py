"""`hso-budget actuals` in Swedish and in English, chosen by the locale or `--lang`: its text output, its
problems (the SIE reader's included), its help and the verification list's headings.

Both languages must say the same: the same numbers in the same order, the same locations and check ids.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from support.locale_run import run

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "follow-up"
ACTUALS = ("actuals", str(EXAMPLE / "ledger.se"), "--budget", str(EXAMPLE / "budget.yaml"))  # as in the README
NUMBER = re.compile(r"\d+(?:[ .,]\d+)*")
PROBLEM = re.compile(r"^(\S+:\d+:\d+): (\w+): (.*) \(([\w-]+)\)$", re.M)  # location, level, message, check id



@pytest.fixture(scope="module")
def both() -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    swedish = run(*ACTUALS, lang="sv_SE.UTF-8")
    english = run(*ACTUALS, "--lang", "en", lang="sv_SE.UTF-8")
    assert swedish.returncode == english.returncode == 0, swedish.stderr + english.stderr
    return swedish, english


def test_the_actuals_are_swedish_under_a_swedish_locale_and_english_with_lang_en(both):
    swedish, english = both
    assert swedish.stdout.splitlines()[0].endswith(": 10 verifikationer, 25 rader lästa (teckentabell 437 (PC8))")
    assert english.stdout.splitlines()[0].endswith(": 10 vouchers, 25 rows read (codepage 437 (PC8))")
    assert "1 jul – 31 okt 2025 (rp1, 2025-07-01 – 2025-10-31): 3 verifikationer, 4 rader" in swedish.stdout
    assert "1 jul – 31 okt 2025 (rp1, 2025-07-01 – 2025-10-31): 3 vouchers, 4 rows" in english.stdout
    assert "Utelämnat:\n  2 rader, 90 000 kr: mappad till 'personal': beräknas av tjänsternas timmar\n" in swedish.stdout
    assert "Left out:\n  2 rows, 90 000 kr: mapped to 'personal', computed from the staff positions' hours\n" \
        in english.stdout
    for english_word in ("vouchers", "rows", "read", "Left", "mapped", "hours"):
        assert english_word not in swedish.stdout + swedish.stderr


def test_both_languages_give_the_same_numbers_in_the_same_order(both):
    swedish, english = both
    numbers = [NUMBER.findall(result.stdout) for result in both]
    assert numbers[0] == numbers[1]
    amounts = re.findall(r"  (\d[\d ]*)$", swedish.stdout, re.M)  # the table's right-hand column
    assert amounts == ["250 000", "60 000", "150 000", "80 000", "0", "4 200"]  # rp1, rp2 as the README says; rp3
    assert "  Externa tjänster          250 000" in swedish.stdout.splitlines()
    assert "  Externa tjänster          250 000" in english.stdout.splitlines()


def test_the_mapping_warning_has_the_same_place_and_id_in_both_languages(both):
    swedish, english = (PROBLEM.findall(result.stderr) for result in both)
    assert [(where, level, check) for where, level, _m, check in swedish] == \
        [(f"{EXAMPLE / 'follow-up.yaml'}:16:5", "varning", "sie-mapping")]
    assert [(where, level, check) for where, level, _m, check in english] == \
        [(f"{EXAMPLE / 'follow-up.yaml'}:16:5", "warning", "sie-mapping")]
    assert swedish[0][2] == "ledger.accounts: 'personal': beräknas av tjänsternas timmar; raderna på dess konton utelämnas"
    assert english[0][2] == ("ledger.accounts: 'personal' is computed from the staff positions' hours; the rows of its "
                             "accounts are left out")


def test_json_keeps_its_field_names_and_numbers_and_speaks_the_language_in_its_texts():
    swedish = json.loads(run(*ACTUALS, "--format", "json", lang="sv_SE.UTF-8").stdout)
    english = json.loads(run(*ACTUALS, "--format", "json", "--lang", "en").stdout)
    assert [p["costs"] for p in swedish["periods"]] == [p["costs"] for p in english["periods"]]
    assert swedish["periods"][0]["costs"] == {"externa-tjanster": "250000.00", "resor": "60000.00"}
    assert [(e["rows"], e["amount"]) for e in swedish["left_out"]] == [(e["rows"], e["amount"]) for e in english["left_out"]]
    assert swedish["left_out"][0]["reason"] == "mappad till 'personal': beräknas av tjänsternas timmar"
    assert [(p["line"], p["column"], p["level"], p["check"]) for p in swedish["problems"]] == \
        [(p["line"], p["column"], p["level"], p["check"]) for p in english["problems"]] == [(16, 5, "warning", "sie-mapping")]


@pytest.mark.parametrize("broken, location, check, swedish, english", [
    ('   #TRANS 4010 {21 "UPPF"} 12,50\n', ":6:28", "sie-amount",
     "väntade beloppet som ett tal, t.ex. -1234.50, fick '12,50' (SIE skriver decimalpunkt: 1234.50)",
     "expected the amount as a number such as -1234.50, got '12,50' (SIE writes a decimal point: 1234.50)"),
    ('   #TRANS 4010 {21 "UPPF} 12.50\n', ":6:20", "sie-syntax",
     "ett citattecken avslutas inte; lägg till det avslutande \" (ett \" inuti en text skrivs \\\")",
     "a quote is not closed; add the closing \" (a \" inside a text is written \\\")"),
    ('   #TRANS 4010 {21 "UPPF"} 12.50 20250231\n', ":6:34", "sie-date",
     "väntade radens datum som ÅÅÅÅMMDD (t.ex. 20270815), fick '20250231'",
     "expected the row's date as YYYYMMDD (e.g. 20270815), got '20250231'"),
])
def test_a_broken_sie_line_is_reported_in_swedish_at_the_same_place_with_the_same_id(tmp_path, broken, location, check,
                                                                                      swedish, english):
    ledger = tmp_path / "ledger.se"
    ledger.write_bytes(("#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#VER A 1 20250801 \"Konsult\"\n{\n" + broken +
                        "   #TRANS 1930 {} -12.50\n}\n").encode("cp437"))
    args = ("actuals", str(ledger), "--budget", str(EXAMPLE / "budget.yaml"))
    results = run(*args, lang="sv_SE.UTF-8"), run(*args, "--lang", "en", lang="sv_SE.UTF-8")
    found = [[p for p in PROBLEM.findall(result.stderr) if p[0].startswith(str(ledger))] for result in results]
    assert found == [[(f"{ledger}{location}", "fel", swedish, check)], [(f"{ledger}{location}", "error", english, check)]]
    assert [result.returncode for result in results] == [1, 1]
    assert results[0].stdout == results[1].stdout == ""
    assert f"hso-budget: actuals: {ledger}: inget summerades" in results[0].stderr
    assert f"hso-budget: actuals: {ledger}: nothing summed" in results[1].stderr


def test_help_is_swedish_under_a_swedish_locale():
    swedish = run("actuals", "--help", lang="sv_SE.UTF-8").stdout
    english = run("actuals", "--help").stdout
    assert "Projektets faktiska kostnader per kostnadsslag och redovisningsperiod" in swedish
    assert "Skriv verifikationslistan i stället" in swedish and "Bara denna redovisningsperiod." in swedish
    assert "The project's actual costs per category and reporting period" in english
    assert "Only this reporting period." in english


def test_the_verification_list_is_swedish_unless_lang_en_and_its_text_follows_the_locale():
    csv_default = run(*ACTUALS, "--list", "csv").stdout.lstrip("\ufeff").splitlines()
    csv_english = run(*ACTUALS, "--list", "csv", "--lang", "en").stdout.lstrip("\ufeff").splitlines()
    assert csv_default[0] == "Redovisningsperiod;Verifikation;Datum;Konto;Kontonamn;Text;Belopp;Kostnadsslag"
    assert csv_english[0] == "Reporting period;Voucher;Date;Account;Account name;Text;Amount;Category"
    assert csv_default[1:] == csv_english[1:] and len(csv_default) == 10
    text_swedish = run(*ACTUALS, "--list", "text", lang="sv_SE.UTF-8").stdout.splitlines()
    text_english = run(*ACTUALS, "--list", "text").stdout.splitlines()
    assert text_swedish[0].split() == ["Redovisningsperiod", "Verifikation", "Datum", "Konto", "Kontonamn", "Text",
                                       "Belopp", "Kostnadsslag"]
    assert text_english[0].split()[:2] == ["Reporting", "period"]
    assert text_swedish[-1] == "9 rader, summa 544200,00" and text_english[-1] == "9 rows, total 544200,00"


def test_the_ledger_says_whose_it_is_in_both_languages(both):
    swedish, english = both
    assert swedish.stdout.splitlines()[1] == ("Härnösands kommun, organisationsnummer 212000-2411, exporterad 2026-03-10 "
                                              "från Ekonomisystem för kommuner 12.4")
    assert english.stdout.splitlines()[1] == ("Härnösands kommun, organisation number 212000-2411, exported 2026-03-10 "
                                              "from Ekonomisystem för kommuner 12.4")
