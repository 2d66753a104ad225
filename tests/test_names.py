"""What a reader sees of a name (`skeleton`), which duplicate-label compares."""

from __future__ import annotations

from hso_budget.checks.names import skeleton


def test_ascii_label_ignores_case_and_spacing():
    assert skeleton("  Resor  och\tLogi ") == "resor och logi"


def test_look_alikes_read_as_their_latin_letters():
    assert skeleton("Rеsor och logi") == "resor och logi"  # Cyrillic е (U+0435)
    assert skeleton("Härnösands kоmmun") == "härnösands kommun"  # Cyrillic о (U+043E) beside Swedish letters
    assert skeleton("ΑΒΓ") == "abγ"  # Greek Alpha and Beta look like A and B; Gamma like no Latin letter


def test_decomposed_letters_are_the_same_name():
    assert skeleton("A\u030ange kommun") == skeleton("Ånge kommun") == "ånge kommun"


def test_swedish_letters_are_not_look_alikes():
    assert skeleton("Söks från Region") == "söks från region"
