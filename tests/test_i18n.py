"""Languages: the Swedish catalog is complete and current, and `--lang` and the locale choose the language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from hso_budget import i18n
from hso_budget.checks import all_checks
from hso_budget.descriptions import CHECKS
from hso_budget.template import template_text
from support.locale_run import run

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "hso_budget"
PO = PACKAGE / "locale" / "sv" / "LC_MESSAGES" / "hso_budget.po"
MO = PO.with_suffix(".mo")
SEED = ROOT / "tests" / "fixtures" / "seed_as_submitted.yaml"
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def catalog():
    with open(PO, "rb") as stream:
        return read_po(stream, locale="sv")


def ids(message) -> tuple:
    return tuple(message.id) if isinstance(message.id, (list, tuple)) else (message.id,)


def texts(message) -> tuple:
    return tuple(message.string) if isinstance(message.string, (list, tuple)) else (message.string,)


def test_every_message_has_a_swedish_translation_with_the_same_placeholders():
    messages = [m for m in catalog() if m.id]
    assert len(messages) > 100
    for message in messages:
        expected = {name for text in ids(message) for name in PLACEHOLDER.findall(text)}
        for text in texts(message):
            assert text, f"no Swedish translation for {message.id!r}"
            assert set(PLACEHOLDER.findall(text)) == expected, f"placeholders differ in {message.id!r}: {text!r}"
        assert not message.fuzzy, f"fuzzy translation for {message.id!r}"


def test_the_catalog_holds_exactly_the_messages_in_the_source():
    """Run `pybabel extract` and `pybabel update` (README, Language) when this fails."""
    found = {
        (tuple(message) if isinstance(message, (list, tuple)) else (message,))
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")]
        )
    }
    in_catalog = {ids(m) for m in catalog() if m.id}
    assert sorted(found - in_catalog) == [], "messages not in the catalog"
    assert sorted(in_catalog - found) == [], "messages in the catalog that the source no longer has"


def test_the_shipped_mo_is_compiled_from_the_po():
    """`pybabel compile -D hso_budget -d src/hso_budget/locale` when this fails."""
    import io

    compiled = io.BytesIO()
    write_mo(compiled, catalog())
    assert MO.read_bytes() == compiled.getvalue()


def test_a_dropped_placeholder_is_found():
    """The placeholder comparison above is not vacuous: a translation missing `{file}` is caught."""
    assert set(PLACEHOLDER.findall("skrev")) != set(PLACEHOLDER.findall("wrote {file}"))
    assert PLACEHOLDER.findall("{count:>3} fel") == ["count"]


def test_every_check_has_a_description():
    assert sorted(c.id for c in all_checks()) == sorted(CHECKS)


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        (["--lang", "sv"], {"LANG": "en_US.UTF-8"}, "sv"),
        (["check", "--lang=en"], {"LC_ALL": "sv_SE.UTF-8"}, "en"),
        ([], {"LANG": "sv_SE.UTF-8"}, "sv"),
        ([], {"LC_MESSAGES": "sv_FI", "LANG": "en_GB"}, "sv"),
        ([], {"LC_ALL": "C.UTF-8", "LANG": "sv_SE.UTF-8"}, "en"),  # the first one set decides
        ([], {"LC_ALL": "", "LANG": "sv_SE.UTF-8"}, "sv"),  # empty is not set
        ([], {}, "en"),
        (["--lang", "de"], {}, "en"),
    ],
)
def test_the_language_is_lang_else_the_locale_else_english(argv, environ, expected):
    assert i18n.language_from(argv, environ) == expected


def test_using_a_language_translates_and_then_restores():
    before = i18n.language()
    with i18n.using("sv"):
        assert i18n._("TOTAL PROJECT COST") == "SUMMA PROJEKTKOSTNAD"
        assert i18n.ngettext("{count} warning", "{count} warnings", 2).format(count=2) == "2 varningar"
    assert i18n.language() == before
    with i18n.using("en"):
        assert i18n._("TOTAL PROJECT COST") == "TOTAL PROJECT COST"


def test_the_templates_are_the_same_budget_commented_in_each_language():
    def data(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.lstrip().startswith("#")]

    swedish, english = template_text("sv"), template_text("en")
    assert data(swedish) == data(english)
    assert "# Projektet som det heter i ansökan." in swedish
    assert "# The project as it is named in the application." in english



def test_help_follows_the_locale_and_lang():
    swedish = run("--help", lang="sv_SE.UTF-8").stdout
    assert "Kontrollera budgetar: kostnader mot finansiering" in swedish
    assert "Visa versionen och avsluta." in swedish
    english = run("--lang", "en", "--help", lang="sv_SE.UTF-8").stdout
    assert "Check budgets: costs against financing" in english
    assert "Skriv en Excel-arbetsbok" in run("export", "--help", lang="sv_SE.UTF-8").stdout
    assert "Write an Excel workbook" in run("export", "--help", lang="C.UTF-8").stdout


def test_check_speaks_swedish_under_a_swedish_locale_and_english_with_lang_en():
    swedish = run("check", str(SEED), lang="sv_SE.UTF-8")
    english = run("check", "--lang", "en", str(SEED), lang="sv_SE.UTF-8")
    assert swedish.returncode == english.returncode == 1
    assert re.search(r"^SUMMA PROJEKTKOSTNAD ", swedish.stdout, re.M) and re.search(r"^KOSTNAD *$", swedish.stdout, re.M)
    assert re.search(r"^TOTAL PROJECT COST ", english.stdout, re.M) and re.search(r"^COSTS *$", english.stdout, re.M)
    assert re.search(r"^1 fil kontrollerad: \d+ fel, 1 varning$", swedish.stderr, re.M)
    assert re.search(r"^1 file checked: \d+ errors, 1 warning$", english.stderr, re.M)

    def located(text: str) -> list[tuple[str, str]]:  # the same places and check ids in both languages
        return re.findall(r"^(\S+:\d+:\d+): \w+: .*\(([\w-]+)\)$", text, re.M)

    assert located(swedish.stdout) == located(english.stdout) != []
    assert ": fel: " in swedish.stdout and ": error: " in english.stdout


def workbook_texts(tmp_path: Path, language: str) -> dict[str, list[str]]:
    from openpyxl import load_workbook

    from hso_budget.runner import check_path
    from hso_budget.xlsx import write_workbook

    out = tmp_path / f"{language}.xlsx"
    write_workbook(check_path(SEED), out, language)
    workbook = load_workbook(out)
    return {ws.title: [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
            for ws in workbook.worksheets}


def test_the_workbook_is_swedish_unless_english_is_asked_for(tmp_path):
    swedish, english = workbook_texts(tmp_path, "sv"), workbook_texts(tmp_path, "en")
    assert list(swedish) == list(english) == ["Budget", "Finansiärer", "Kontroller"]  # sheet names stay
    controls_sv, controls_en = swedish["Kontroller"], english["Kontroller"]
    assert "Bokförd kostnad − kontant finansiering" in controls_sv
    assert "Booked cost − cash financing" in controls_en
    assert ("Varje summa eller delsumma som står i filen är lika med summan av dess rader." in controls_sv)
    assert "Every total or subtotal written in the file equals the sum computed from its rows." in controls_en
    assert any(text.startswith("Budgeten har 13 fel och 1 varning") for text in controls_sv)
    assert any(text.startswith("The budget has 13 errors and 1 warning") for text in controls_en)
    # every check's description is in Swedish: none of the English ones is left on the Swedish sheet
    assert not set(CHECKS.values()) & set(controls_sv)
    assert "SUMMA PROJEKTKOSTNAD" in swedish["Budget"] and "TOTAL PROJECT COST" in english["Budget"]
    assert "Intäkter (avgår)" in swedish["Budget"] and "Intäkter (subtracted)" in english["Budget"]


def test_export_is_swedish_by_default_even_under_an_english_locale(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "seed.xlsx"
    done = run("export", "--allow-errors", str(out), str(SEED), lang="C.UTF-8")
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("wrote ")
    texts = [c.value for row in load_workbook(out)["Kontroller"].iter_rows() for c in row]
    assert "Kontroll" in texts and "Check" not in texts
