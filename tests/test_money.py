"""Money as people write it: parsing Swedish and English numbers exactly, and the rounding policy.

Every expected value here is written out by hand; none is computed with the functions under test.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from hso_budget.money import (
    NumberError,
    format_amount,
    format_percent,
    format_rate,
    krona,
    krona_down,
    parse_amount,
    parse_number,
    parse_percent,
    parse_units,
)

NBSP = "\u00a0"  # no-break space, what Excel and Word paste between thousands
NNBSP = "\u202f"  # narrow no-break space
MINUS = "\u2212"  # the minus sign


# -- parse_amount: what is accepted, and exactly what it becomes --------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("6428829", Decimal("6428829")),
        ("6 428 829", Decimal("6428829")),
        (f"6{NBSP}428{NBSP}829", Decimal("6428829")),
        (f"6{NNBSP}428{NNBSP}829", Decimal("6428829")),
        ("13 279 868,45", Decimal("13279868.45")),
        (f"13{NBSP}279{NBSP}868,45", Decimal("13279868.45")),
        ("12.50", Decimal("12.50")),
        ("12,5", Decimal("12.5")),
        ("0,05", Decimal("0.05")),
        (f"{MINUS}5", Decimal("-5")),
        ("-5", Decimal("-5")),
        (f"{MINUS}1 394 630", Decimal("-1394630")),
        ("  454 407  ", Decimal("454407")),
        ("1 234,50 kr", Decimal("1234.50")),
        ("661 270 SEK", Decimal("661270")),
        ("0", Decimal("0")),
    ],
)
def test_parse_amount_accepts(text, expected):
    value = parse_amount(text)
    assert isinstance(value, Decimal)
    assert value == expected


def test_parse_amount_keeps_the_written_decimals_never_a_float():
    value = parse_amount("12.50")
    assert type(value) is Decimal
    # '12.50' keeps its two decimals: the öre were written, so they stay.
    assert value.as_tuple() == Decimal("12.50").as_tuple()
    assert str(value) == "12.50"


def test_parse_amount_is_exact_where_a_float_is_not():
    # 0.1 + 0.2 is not 0.3 in binary floating point; parsed amounts add up exactly.
    assert parse_amount("0,10") + parse_amount("0,20") == parse_amount("0,30")


@pytest.mark.parametrize(
    "text, words",
    [
        ("1,234", ["'1,234' reads as thousands or as three decimals", "for thousands write 1 234"]),
        ("1,2,3", ["several commas"]),
        ("6,428,829", ["commas between thousands", "6 428 829"]),
        ("1e400", ["exponent"]),
        ("1E5", ["exponent"]),
        (".nan", ["not an amount"]),
        ("nan", ["not an amount"]),
        ("inf", ["not an amount"]),
        (".inf", ["not an amount"]),
        ("-.inf", ["not an amount"]),
        ("12.345", ["'12.345' reads as thousands or as three decimals", "öre", "write 12 345"]),
        ("930.000", ["for thousands write 930 000"]),
        ("1.960.000", ["'1.960.000' uses dots between thousands; write 1 960 000"]),
        ("1_960_000", ["'1_960_000' uses underscores between thousands; write 1 960 000"]),
        ("1 960 000,-", ["'1 960 000,-' ends in ',-', the mark for whole kronor", "write the number alone: 1 960 000"]),
        ("930 000:-", ["'930 000:-' ends in ':-', the mark for whole kronor", "write the number alone: 930 000"]),
        ("1 234,567", ["more than two decimals"]),
        ("", ["got nothing"]),
        ("abc", ["'abc'"]),
        ("6  428", ["'6  428'"]),  # two spaces: not a thousands separator
        ("6 4289", ["'6 4289'"]),  # a group of four digits
        ("1.234,56", ["'1.234,56' uses dots between thousands; write 1 234,56"]),
    ],
)
def test_parse_amount_refuses(text, words):
    with pytest.raises(NumberError) as caught:
        parse_amount(text)
    for word in words:
        assert word in str(caught.value)


@pytest.mark.parametrize("value", [12.5, 0.1, [1, 2], {"a": 1}, None, True, False])
def test_parse_amount_refuses_values_that_are_not_text(value):
    # A float has already lost exactness; a boolean is not an amount.
    with pytest.raises(NumberError):
        parse_amount(value)


def test_parse_amount_accepts_exact_python_numbers():
    assert parse_amount(454407) == Decimal("454407")
    assert parse_amount(Decimal("12.50")) == Decimal("12.50")


def test_parse_amount_refuses_a_decimal_with_more_than_ore():
    with pytest.raises(NumberError, match="more than two decimals"):
        parse_amount(Decimal("1.234"))


# -- parse_number: units and weights may have more decimals than öre ------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12.3456", Decimal("12.3456")),
        ("1 234,567", Decimal("1234.567")),  # grouped: only the decimal reading is left
        ("0,5", Decimal("0.5")),
        ("1 720", Decimal("1720")),
        (f"{MINUS}0,25", Decimal("-0.25")),
        ("5 921 581", Decimal("5921581")),
    ],
)
def test_parse_number_accepts(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["1,234", "1,2,3", "6,428,829", "1e400", ".nan", "inf", "", "12 kr"])
def test_parse_number_refuses(text):
    with pytest.raises(NumberError):
        parse_number(text)


@pytest.mark.parametrize(
    "text, message",
    [  # a dot and a comma are read alike: both could be thousands or three decimals
        ("1.500", "'1.500' is ambiguous: write 1 500 for thousands, or 1,5 for a decimal number"),
        ("1,500", "'1,500' is ambiguous: write 1 500 for thousands, or 1,5 for a decimal number"),
        ("12.345", "'12.345' is ambiguous: write 12 345 for thousands, or 12,3450 for a decimal number"),
    ],
)
def test_parse_units_refuses_dot_and_comma_alike(text, message):
    with pytest.raises(NumberError) as caught:
        parse_units(text)
    assert str(caught.value) == message


@pytest.mark.parametrize("text", ["\uff11\uff12", "\u0663"])  # fullwidth '12', Arabic-Indic '3'
def test_parse_number_refuses_digits_that_are_not_ascii(text):
    with pytest.raises(NumberError):
        parse_number(text)


# -- parse_percent ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("15 %", Decimal("0.15")),
        ("15%", Decimal("0.15")),
        ("40 %", Decimal("0.40")),
        ("44,62254 %", Decimal("0.4462254")),
        ("44.62254 %", Decimal("0.4462254")),
        ("2,4 %", Decimal("0.024")),
        ("100 %", Decimal("1")),
        (f"15{NBSP}%", Decimal("0.15")),
        ("14,999 %", Decimal("0.14999")),  # a percentage is never thousands
        ("14.999 %", Decimal("0.14999")),
    ],
)
def test_parse_percent(text, expected):
    value = parse_percent(text)
    assert isinstance(value, Decimal)
    assert value == expected


@pytest.mark.parametrize(
    "value, words",
    [
        ("15", ["% sign", "'15'"]),
        ("0.4", ["% sign"]),
        ("%", ["got nothing"]),
        (15, ["% sign"]),
        (None, ["% sign", "nothing"]),
    ],
)
def test_parse_percent_refuses(value, words):
    with pytest.raises(NumberError) as caught:
        parse_percent(value)
    for word in words:
        assert word in str(caught.value)


# -- the rounding policy ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2.5", "3"),  # Python's round() would give 2; Excel's ROUND gives 3
        ("-2.5", "-3"),  # away from zero, not up
        ("3.5", "4"),
        ("0.5", "1"),
        ("-0.5", "-1"),
        ("1.49", "1"),
        ("-1.49", "-1"),
        ("1428101.55", "1428102"),  # OH År 2: 15 % × 9 520 677
        ("1394630.40", "1394630"),  # OH År 1
        ("1462375.95", "1462376"),  # OH År 3
        ("2868706.79", "2868707"),
    ],
)
def test_krona_rounds_halves_away_from_zero(value, expected):
    assert krona(Decimal(value)) == Decimal(expected)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("16078502.80", "16078502"),  # 40 % of the seed's 40 196 257
        ("16078503.20", "16078503"),
        ("2.99", "2"),
        ("2", "2"),
        ("-2.5", "-2"),  # towards zero
    ],
)
def test_krona_down_rounds_towards_zero(value, expected):
    assert krona_down(Decimal(value)) == Decimal(expected)


# -- display -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("0", "0"),
        ("454407", "454 407"),
        ("13279868", "13 279 868"),
        ("13279868.45", "13 279 868,45"),
        ("1234.5", "1 234,50"),
        ("0.20", "0,20"),
        ("-1394630", "-1 394 630"),
        ("999", "999"),
        ("1000", "1 000"),
    ],
)
def test_format_amount(value, expected):
    assert format_amount(Decimal(value)) == expected


def test_format_amount_reads_back_as_the_same_amount():
    for text in ["13 279 868,45", "454 407", "0,20", "1 000 000"]:
        assert format_amount(parse_amount(text)) == text


@pytest.mark.parametrize(
    "value, expected",
    [
        ("0.125", "0,13"),  # half away from zero, not half to even (0,12)
        ("0.135", "0,14"),
        ("-0.125", "-0,13"),
        ("1394630.404", "1 394 630,40"),
        ("1394630.995", "1 394 631"),  # öre rounded up to a whole krona show no öre
        ("16078502.80", "16 078 502,80"),
    ],
)
def test_format_amount_rounds_ore_like_the_policy(value, expected):
    assert format_amount(Decimal(value)) == expected


@pytest.mark.parametrize("value", ["-0.004", "-0.0049", "-0", "-0.00"])
def test_format_amount_shows_no_negative_zero(value):
    assert format_amount(Decimal(value)) == "0"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1394630.40", "1 394 630,40"),
        ("1428101.55", "1 428 101,55"),
        ("1394630", "1 394 630"),
        ("16078502.8", "16 078 502,80"),
    ],
)
def test_format_amount_shows_unrounded_intermediates_to_the_ore(value, expected):
    # format_amount also shows intermediates (15 % of a sum) that were formerly format_exact's job
    assert format_amount(Decimal(value)) == expected


@pytest.mark.parametrize(
    "fraction, places, expected",
    [("0.4", 2, "40,00 %"), ("0.417602", 2, "41,76 %"), ("0.4", 4, "40,0000 %"), ("0.390255", 2, "39,03 %")],
)
def test_format_percent(fraction, places, expected):
    assert format_percent(Decimal(fraction), places) == expected


@pytest.mark.parametrize(
    "fraction, expected", [("0.15", "15 %"), ("0.4462254", "44,62254 %"), ("0.024", "2,4 %"), ("1", "100 %")]
)
def test_format_rate_shows_the_rate_as_written(fraction, expected):
    assert format_rate(Decimal(fraction)) == expected


def test_thousands_of_kronor_are_refused_quoting_what_was_written():
    with pytest.raises(NumberError) as caught:
        parse_amount("100 tkr")
    assert str(caught.value) == (
        "'100 tkr': write amounts in kronor, not thousands or millions (100 tkr is 100 000)"
    )


@pytest.mark.parametrize("text", ["100tkr", "2 mkr", "100 TKR"])
def test_thousands_and_millions_of_kronor_are_refused(text):
    with pytest.raises(NumberError, match="write amounts in kronor, not thousands or millions"):
        parse_amount(text)


def test_millions_of_kronor_are_explained_with_what_was_written():
    with pytest.raises(NumberError) as caught:
        parse_amount("2 mkr")
    assert str(caught.value) == (
        "'2 mkr': write amounts in kronor, not thousands or millions (2 mkr is 2 000 000)"
    )
