"""The SIE 4 reader: fields, vouchers, #RTRANS/#BTRANS, encodings, and every kind of broken input."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal

import pytest

from hso_budget.sie import reader
from hso_budget.sie.ledger import Ledger, Selection
from support.sie_generator import write_sie

P1042 = Selection(lambda account, objects: ("6", "P1042") in objects, '"P1042"')
EVERY_ROW = Selection(lambda account, objects: True)

HEADER = """#FLAGGA 0
#PROGRAM "Ekonomisystem" 12.4
#FORMAT PC8
#GEN 20280115
#SIETYP 4
#FNAMN "Härnösands kommun"
#ORGNR 212000-2411
#RAR 0 20270101 20271231
#DIM 1 "Ansvar"
#DIM 6 "Projekt"
#OBJEKT 6 "P1042" "HSO Hållbar samhällsomställning"
#KONTO 6420 "Resor inrikes"
#KONTO 5010 "Månadslön"
#KONTO 2440 "Leverantörsskulder"
"""


def read(text: str, selection=P1042, encoding="cp437") -> Ledger:
    return reader.read_bytes(text.encode(encoding), "ledger.se", selection)


def located(ledger: Ledger) -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.check) for p in ledger.problems]


def test_header_labels_are_read():
    ledger = read(HEADER)
    assert ledger.problems == []
    assert ledger.company == "Härnösands kommun"
    assert ledger.org_number == "212000-2411"
    assert ledger.program == "Ekonomisystem 12.4"
    assert ledger.sie_type == "4" and ledger.declared_format == "PC8"
    assert ledger.generated == date(2028, 1, 15)
    assert ledger.years == {"0": (date(2027, 1, 1), date(2027, 12, 31))}
    assert ledger.dimensions == {"1": "Ansvar", "6": "Projekt"}
    assert ledger.objects[("6", "P1042")] == "HSO Hållbar samhällsomställning"
    assert ledger.accounts["5010"] == "Månadslön"


def test_a_voucher_and_its_project_rows():
    text = HEADER + """#VER A 17 20270815 "Faktura SJ" 20270816
{
   #TRANS 6420 {1 "1100" 6 "P1042"} 1250.50 20270812 "Tåg Härnösand–Sundsvall"
   #TRANS 6420 {1 "1100"} 99.50
   #TRANS 2440 {} -1350.00
}
"""
    ledger = read(text, encoding="utf-8")
    assert ledger.problems == []
    assert (ledger.vouchers, ledger.row_count) == (1, 3)
    [row] = ledger.rows
    assert row.account == "6420" and row.amount == Decimal("1250.50")
    assert row.objects == (("1", "1100"), ("6", "P1042"))
    assert row.date == date(2027, 8, 12)  # the row's own date, not the voucher's
    assert row.text == "Tåg Härnösand–Sundsvall"
    assert row.line == 17
    assert (row.voucher.id, row.voucher.date, row.voucher.text, row.voucher.line) == \
        ("A 17", date(2027, 8, 15), "Faktura SJ", 15)


def test_rtrans_counts_once_and_btrans_not_at_all():
    # 100 + 40 (added) - 25 (removed, not counted) on the project: 140; the voucher balances
    # without the removed row: 100 + 40 - 140 = 0.
    text = HEADER + """#VER B 1 20270901 "Rättad"
{
   #TRANS 6420 {6 "P1042"} 100
   #BTRANS 6420 {6 "P1042"} 25 20270902 "bortagen" 0 "Anna"
   #RTRANS 6420 {6 "P1042"} 40 20270902 "tillagd" 0 "Anna"
   #TRANS 6420 {6 "P1042"} 40 20270902 "tillagd"
   #TRANS 2440 {} -140
}
"""
    ledger = read(text)
    assert ledger.problems == []
    assert [r.amount for r in ledger.rows] == [Decimal(100), Decimal(40)]
    assert ledger.row_count == 3


def test_an_rtrans_without_its_repeated_trans_counts_both_with_a_warning():
    text = HEADER + """#VER B 1 20270901 "x"
{
   #RTRANS 6420 {6 "P1042"} 40
   #TRANS 6420 {6 "P1042"} 41
   #TRANS 2440 {} -81
}
"""
    ledger = read(text)
    assert [r.amount for r in ledger.rows] == [Decimal(40), Decimal(41)]
    assert located(ledger) == [(18, 4, "sie-rtrans")]


def test_an_unbalanced_voucher_of_the_project_is_a_warning():
    text = HEADER + """#VER A 2 20270901 "Faktura"
{
   #TRANS 6420 {6 "P1042"} 100.10
   #TRANS 2440 {} -100
}
#VER A 3 20270901 "Annan"
{
   #TRANS 6420 {1 "1100"} 5
}
"""
    ledger = read(text)
    [problem] = ledger.problems
    assert (problem.line, problem.check, problem.level.value) == (15, "sie-balance", "warning")
    assert "add up to 0,10, not 0" in problem.message
    assert [r.amount for r in ledger.rows] == [Decimal("100.10")]  # used, and said so


def test_fields_in_every_allowed_form_give_the_same_rows():
    # The fast path's shape and forms only the general tokenizer reads: tabs, unquoted
    # objects, an escaped quote, an empty date, quantity and sign, CRLF line ends.
    common = '#VER A 1 20270301 "Text"\n{\n   #TRANS 5010 {6 "P1042"} 10.25 20270302 "Lön"\n   #TRANS 2440 {} -10.25\n}\n'
    odd = ('#VER "A" "1" 20270301 "Text" "" "Eva"\r\n{\r\n\t#TRANS\t5010\t{6 P1042}\t10.25\t20270302\t"Lön"\t1.5\t"Eva"\r\n'
           '   #TRANS 2440 {} -10.25 "" "Mot \\"konto\\""\r\n}\r\n')
    one, other = read(HEADER + common), read(HEADER + odd)
    assert one.problems == [] and other.problems == []
    assert [(r.account, r.objects, r.amount, r.date, r.text, r.voucher.id, r.voucher.date) for r in one.rows] == \
        [(r.account, r.objects, r.amount, r.date, r.text, r.voucher.id, r.voucher.date) for r in other.rows]
    rows = read(HEADER + odd, EVERY_ROW).rows
    assert rows[1].text == 'Mot "konto"' and rows[1].date == date(2027, 3, 1)


def test_29_february_in_a_leap_year():
    text = HEADER + '#VER A 1 20280229 "Skottdag"\n{\n   #TRANS 6420 {6 "P1042"} 7\n   #TRANS 2440 {} -7\n}\n'
    assert [r.date for r in read(text).rows] == [date(2028, 2, 29)]


def test_unknown_labels_are_ignored():
    text = HEADER + '#NYTTFALT 1 2 "x"\n#IB 0 1930 100.00\n#VER A 1 20270301 ""\n{\n   #TRANS 6420 {6 "P1042"} 3\n' \
        '   #FRAMTIDA "rad"\n   #TRANS 2440 {} -3\n}\n'
    ledger = read(text)
    assert ledger.problems == [] and [r.amount for r in ledger.rows] == [Decimal(3)]


@pytest.mark.parametrize("encoding, expected", [("cp437", "cp437"), ("utf-8", "utf-8"), ("iso-8859-1", "iso-8859-1")])
def test_the_encoding_is_detected(encoding, expected):
    text = HEADER + '#VER A 1 20270301 "Ränta på lån för Öviks kontor"\n{\n' \
        '   #TRANS 6420 {6 "P1042"} 3 20270301 "Smörgås på tåget, åtta öre"\n   #TRANS 2440 {} -3\n}\n'
    ledger = read(text, encoding=encoding)
    assert ledger.encoding == expected
    assert ledger.accounts["5010"] == "Månadslön"
    assert ledger.rows[0].text == "Smörgås på tåget, åtta öre"
    assert ledger.rows[0].voucher.text == "Ränta på lån för Öviks kontor"


def test_a_utf8_byte_order_mark_is_skipped():
    ledger = reader.read_bytes(b"\xef\xbb\xbf" + HEADER.encode("utf-8"), "ledger.se")
    assert ledger.problems == [] and ledger.encoding == "utf-8" and ledger.company == "Härnösands kommun"


BROKEN = [
    # (what, text after the header, (line, column, check) expected)
    ("unclosed quote", '#VER A 1 20270301 "Text\n{\n}\n', (15, 19, "sie-syntax")),
    ("unclosed object list", '#VER A 1 20270301 ""\n{\n   #TRANS 6420 {6 "P1042" 10\n}\n', (17, 16, "sie-syntax")),
    ("#TRANS outside a voucher", '#TRANS 6420 {} 10\n', (15, 1, "sie-syntax")),
    ("#TRANS before the voucher's brace", '#VER A 1 20270301 ""\n#TRANS 6420 {} 10\n{\n}\n', (16, 1, "sie-syntax")),
    ("amount not a number", '#VER A 1 20270301 ""\n{\n   #TRANS 6420 {} 1O0\n}\n', (17, 19, "sie-amount")),
    ("amount with a decimal comma", '#VER A 1 20270301 ""\n{\n   #TRANS 6420 {} 10,50\n}\n', (17, 19, "sie-amount")),
    ("amount with three decimals", '#VER A 1 20270301 ""\n{\n   #TRANS 6420 {} 10.505\n}\n', (17, 19, "sie-amount")),
    ("amount missing", '#VER A 1 20270301 ""\n{\n   #TRANS 6420 {}\n}\n', (17, 18, "sie-syntax")),
    ("date not a date", '#VER A 1 20270230 ""\n{\n}\n', (15, 10, "sie-date")),
    ("row date not a date", '#VER A 1 20270301 ""\n{\n   #TRANS 6420 {} 10 2027-03-01\n}\n', (17, 22, "sie-date")),
    ("truncated in a voucher", '#VER A 1 20270301 ""\n{\n   #TRANS 6420 {} 10\n', (15, 1, "sie-syntax")),
    ("truncated after #VER", '#VER A 1 20270301 ""\n', (15, 1, "sie-syntax")),
    ("a brace without a voucher", '}\n', (15, 1, "sie-syntax")),
    ("text that is not a label", 'Hej hej\n', (15, 1, "sie-syntax")),
    ("a #VER inside a voucher", '#VER A 1 20270301 ""\n{\n#VER A 2 20270301 ""\n{\n}\n', (17, 1, "sie-syntax")),
    ("a control character", '#VER A 1 20270301 "Te\x01xt"\n{\n}\n', (15, 22, "sie-encoding")),
    ("a #KONTO without a name", '#KONTO 3010\n', (15, 13, "sie-syntax")),
    ("an account that is not a number", '#VER A 1 20270301 ""\n{\n   #TRANS konto {} 10\n}\n', (17, 11, "sie-syntax")),
]


@pytest.mark.parametrize("what, text, expected", BROKEN, ids=[case[0] for case in BROKEN])
def test_broken_input_is_a_located_error(what, text, expected):
    ledger = read(HEADER + text)
    assert expected in located(ledger), ledger.problems
    assert all(p.is_error for p in ledger.problems if p.check != "sie-balance")


@pytest.mark.parametrize("data, message", [
    (b"", "the file is empty"),
    (b"format: hso-budget/1\n", "not a SIE file"),
    (b"# A title\n\nSome text\n", "not a SIE file"),
    (b"PK\x03\x04\x14\x00\x06\x00", "not a SIE file"),
    (b"\xff\xfe#\x00F\x00", "UTF-16"),
])
def test_what_is_not_sie_is_refused_as_a_whole(data, message):
    [problem] = reader.read_bytes(data, "x.se").problems
    assert (problem.line, problem.column) == (0, 0) and message in problem.message and problem.is_error


def test_a_huge_file_is_refused_by_its_size_before_reading(tmp_path):
    huge = tmp_path / "huge.se"
    with open(huge, "wb") as stream:
        stream.truncate(4 * 1024**3)  # 4 GiB, sparse: nothing is written or read
    [problem] = reader.read(huge).problems
    assert problem.check == "sie-limits" and "4,0 GiB" in problem.message


def test_a_line_without_end_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "long.se"
    path.write_bytes(b"#FLAGGA 0\n#FNAMN " + b"x" * (3 * reader.MAX_LINE))
    [problem] = reader.read(path).problems
    assert (problem.line, problem.check) == (2, "sie-limits")


def test_missing_file_and_directory(tmp_path):
    assert [p.check for p in reader.read(tmp_path / "none.se").problems] == ["unreadable"]
    assert [p.check for p in reader.read(tmp_path).problems] == ["unreadable"]


def test_the_fast_and_the_general_path_agree_on_a_generated_ledger(tmp_path):
    """Every voucher read by the fast path and, with a harmless escape added, by the general one."""
    path = tmp_path / "ledger.se"
    truth = write_sie(path, rows=3000, seed=7)
    fast = reader.read(path, EVERY_ROW)
    slow_path = tmp_path / "slow.se"
    slow_path.write_bytes(path.read_bytes().replace(b'"Ansvar"', b'"An\\svar"').replace(b"\r\n{", b" \t\r\n{"))
    slow = reader.read(slow_path, EVERY_ROW)
    assert fast.problems == [] and slow.problems == []
    assert (fast.vouchers, fast.row_count) == (truth.vouchers, truth.rows)
    assert (slow.vouchers, slow.row_count) == (truth.vouchers, truth.rows)
    assert [(r.account, r.objects, r.amount, r.date, r.text, r.line, r.voucher) for r in fast.rows] == \
        [(r.account, r.objects, r.amount, r.date, r.text, r.line, r.voucher) for r in slow.rows]


@pytest.mark.parametrize("dimension, encoding", [("6", "cp437"), ("21", "utf-8")])
def test_the_project_rows_sum_to_what_the_generator_put_there(tmp_path, dimension, encoding):
    path = tmp_path / "ledger.se"
    truth = write_sie(path, rows=5000, seed=3, dimension=dimension, encoding=encoding)
    selection = Selection(lambda account, objects: (dimension, "P2001") in objects, '"P2001"')
    ledger = reader.read(path, selection)
    assert ledger.problems == [] and ledger.encoding == encoding
    in_staff = sum((r.amount for r in ledger.rows if 5000 <= int(r.account) <= 5999 and r.date <= date(2027, 6, 30)), Decimal(0))
    assert in_staff == truth.total("P2001", (5000, 5999), date(2027, 1, 1), date(2027, 6, 30))
    assert in_staff != 0


def test_a_file_larger_than_a_read_chunk_keeps_line_numbers(tmp_path):
    path = tmp_path / "ledger.se"
    write_sie(path, rows=90_000, seed=5)
    assert os.path.getsize(path) > reader.CHUNK
    ledger = reader.read(path, EVERY_ROW)
    lines = path.read_bytes().split(b"\r\n")
    for row in ledger.rows[::997]:
        assert lines[row.line - 1].lstrip().startswith((b"#TRANS", b"#RTRANS")), row
        assert f" {row.amount:f}".encode() in lines[row.line - 1]
