"""Tests for reading budget files: values, positions and the problems found on the way."""

import os
import random
import time

import pytest
import yaml

from hso_budget import source
from hso_budget.problems import Level
from hso_budget.source import Document, load, parse


def parse_text(text: str):
    return parse(text.encode("utf-8"), "budget.yaml")


def only_problem(problems):
    assert len(problems) == 1, problems
    return problems[0]


def only_error(text: str):
    doc, problems = parse_text(text)
    assert doc is None
    problem = only_problem(problems)
    assert problem.level is Level.ERROR
    assert problem.file == "budget.yaml"
    return problem


# --- values and positions -------------------------------------------------------------


def test_positions_of_nested_values_and_keys():
    doc, problems = parse_text(
        "projekt: Test\n"
        "finansiärer:\n"
        "  - namn: Region\n"
        "    belopp:\n"
        "      ar1: 100\n"
        "      ar2: [1, 2]\n"
    )
    assert problems == []
    assert doc.data == {
        "projekt": "Test",
        "finansiärer": [{"namn": "Region", "belopp": {"ar1": "100", "ar2": ["1", "2"]}}],
    }
    assert doc.positions[()] == (1, 1)
    assert doc.positions[("projekt",)] == (1, 10)
    assert doc.positions[("finansiärer", 0)] == (3, 5)
    assert doc.positions[("finansiärer", 0, "namn")] == (3, 11)
    assert doc.positions[("finansiärer", 0, "belopp")] == (5, 7)
    assert doc.positions[("finansiärer", 0, "belopp", "ar1")] == (5, 12)
    assert doc.positions[("finansiärer", 0, "belopp", "ar2", 1)] == (6, 16)
    assert doc.key_positions[("finansiärer",)] == (2, 1)
    assert doc.key_positions[("finansiärer", 0, "belopp", "ar2")] == (6, 7)
    assert doc.locate(("finansiärer", 0, "belopp", "ar1")) == (5, 12)
    assert doc.locate_key(("finansiärer", 0, "namn")) == (3, 5)


def test_columns_count_characters_not_bytes():
    doc, _ = parse_text("Åre: x\nÖvrigt: 'ö'\n")
    assert doc.positions[("Åre",)] == (1, 6)
    assert doc.positions[("Övrigt",)] == (2, 9)


def test_locate_falls_back_to_longest_known_prefix():
    doc, _ = parse_text("# budget\na:\n  b: 1\n")
    assert doc.locate(("a", "b", "missing", 3)) == (3, 6)
    assert doc.locate(("nothing",)) == (2, 1)  # the root mapping starts at its first key
    assert doc.locate_key(("a", "nope")) == doc.locate(("a",)) == (3, 3)
    assert doc.locate_key(["a", "b"]) == (3, 3)
    assert Document("x.yaml", None).locate(("a",)) == (1, 1)


def test_keys_are_kept_as_source_text():
    doc, _ = parse_text("2027: a\nyes: b\n1.0: c\n'quoted': d\n~: e\ntrue: f\n0012: g\n")
    assert list(doc.data) == ["2027", "yes", "1.0", "quoted", "~", "true", "0012"]


def test_scalars_are_kept_as_written():
    doc, _ = parse_text(
        "a: 12.50\nb: 6 428 829\nc: 0012\nd: .nan\ne: 1e3\nf: 0x1F\ng: 2024-01-01\nh: yes\ni: off\nj: -0\n"
    )
    assert doc.data == {
        "a": "12.50", "b": "6 428 829", "c": "0012", "d": ".nan", "e": "1e3",
        "f": "0x1F", "g": "2024-01-01", "h": "yes", "i": "off", "j": "-0",
    }


def test_plain_null_and_bool_are_resolved():
    doc, _ = parse_text(
        "n1: null\nn2: Null\nn3: NULL\nn4: ~\nn5:\n"
        "t1: true\nt2: True\nt3: TRUE\nf1: false\nf2: False\nf3: FALSE\nodd: tRue\n"
    )
    assert [doc.data[k] for k in ("n1", "n2", "n3", "n4", "n5")] == [None] * 5
    assert [doc.data[k] for k in ("t1", "t2", "t3")] == [True] * 3
    assert [doc.data[k] for k in ("f1", "f2", "f3")] == [False] * 3
    assert doc.data["odd"] == "tRue"


def test_quoted_scalars_are_always_text():
    doc, _ = parse_text("a: 'null'\nb: \"true\"\nc: ''\nd: \"12.50\"\ne: |\n  ~\n")
    assert doc.data == {"a": "null", "b": "true", "c": "", "d": "12.50", "e": "~\n"}


def test_standard_tags_are_allowed():
    doc, problems = parse_text(
        "a: !!str 12\nb: !!int 0012\nc: !!float 1.50\nd: !!bool true\ne: !!null ''\n"
        "f: !!map {x: 1}\ng: !!seq [1]\n!!str 2027: h\n"
    )
    assert problems == []
    assert doc.data == {
        "a": "12", "b": "0012", "c": "1.50", "d": True, "e": None,
        "f": {"x": "1"}, "g": ["1"], "2027": "h",
    }


# --- refused YAML features ------------------------------------------------------------


@pytest.mark.parametrize("value", ["!!binary aGVq", "!!timestamp 2024-01-01", "!!set {a, b}",
                                   "!foo x", "!!omap [a: 1]", "!!str {a: 1}", "!!bool kanske"])
def test_other_tags_are_refused(value):
    problem = only_error(f"konto: 1\nvärde: {value}\n")
    assert (problem.check, problem.line, problem.column) == ("yaml-tag", 2, 8)


def test_python_tags_are_refused_and_never_run(tmp_path):
    marker = tmp_path / "hacked"
    doc, problems = parse_text(
        f"a: !!python/object/apply:os.system ['touch {marker}']\n"
        "b: !!python/name:os.system\n"
        "!!python/object:builtins.dict x: 1\n"
    )
    assert doc is None
    assert [(p.check, p.line, p.column) for p in problems] == [
        ("yaml-tag", 1, 4), ("yaml-tag", 2, 4), ("yaml-tag", 3, 1)]
    assert "!!python/object/apply:os.system" in problems[0].message
    assert not marker.exists()


def test_merge_keys_are_refused():
    problem = only_error("bas: &bas {sats: 10}\nprojekt:\n  <<: *bas\n  namn: x\n")
    assert (problem.check, problem.line, problem.column) == ("yaml-merge", 3, 3)
    assert "write the values out" in problem.message


def test_quoted_merge_key_is_an_ordinary_key():
    doc, _ = parse_text("'<<': x\n")
    assert doc.data == {"<<": "x"}


def test_duplicate_key_at_top_level_is_reported_at_the_second():
    problem = only_error("projekt: A\nÅr 2: 10\nbudget: 1\nÅr 2: 20\n")
    assert (problem.check, problem.line, problem.column) == ("duplicate-key", 4, 1)
    assert problem.message == ("duplicate key 'År 2' (first at line 2); "
                               "YAML would silently keep only the last value")


def test_duplicate_keys_deep_down_are_all_reported():
    doc, problems = parse_text(
        "finansiärer:\n"
        "  - namn: A\n"
        "    belopp:\n"
        "      ar1: 1\n"
        "      ar2: 2\n"
        "      ar1: 3\n"
        "      ar1: 4\n"
        "  - {namn: B, namn: C}\n"
    )
    assert doc is None
    assert [(p.check, p.line, p.column) for p in problems] == [
        ("duplicate-key", 6, 7), ("duplicate-key", 7, 7), ("duplicate-key", 8, 15)]
    assert "(first at line 4)" in problems[1].message
    assert "'namn' (first at line 8)" in problems[2].message


def test_quoted_and_plain_keys_with_the_same_text_are_duplicates():
    assert only_error("a: 1\n'a': 2\n").check == "duplicate-key"


def test_small_alias_reuses_the_value():
    doc, problems = parse_text("bas: &bas {sats: '0.25', år: [1, 2]}\nkopia: *bas\n")
    assert problems == []
    assert doc.data["kopia"] is doc.data["bas"]
    assert doc.positions[("kopia",)] == (2, 8)
    assert doc.locate(("kopia", "år", 1)) == (2, 8)  # not recorded again: the alias's own position
    assert doc.locate(("bas", "år", 1)) == (1, 34)


def test_undefined_or_recursive_alias_is_an_error():
    assert only_error("a: *saknas\n").check == "yaml-syntax"
    assert only_error("a: &a [1, *a]\n").check == "yaml-syntax"


def test_billion_laughs_is_refused_fast():
    lines = ["a0: &a0 [" + ", ".join(["lol"] * 10) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 11)]
    start = time.perf_counter()
    doc, problems = parse_text("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 2
    problem = only_problem(problems)  # checked before `doc`: printing an expanded bomb would hang
    assert problem.check == "yaml-limits"
    assert "alias bomb" in problem.message
    assert problem.line <= 8
    assert doc is None


@pytest.mark.parametrize("text", [
    "[" * 100_000,
    "{a: " * 100_000,
    "- " * 100_000 + "x\n",
    "".join("  " * depth + f"k{depth}:\n" for depth in range(2000)),
])
def test_deep_nesting_is_refused_quickly(text):
    start = time.perf_counter()
    problem = only_error(text)
    assert time.perf_counter() - start < 2
    assert problem.check == "yaml-limits"
    assert "nested more than 64 levels" in problem.message


def test_nesting_up_to_the_limit_is_fine():
    doc, problems = parse_text("[" * 64 + "]" * 64)
    assert problems == [] and doc is not None
    assert only_error("[" * 65 + "]" * 65).column == 65


def test_complex_keys_are_refused():
    assert only_error("? [a, b]\n: 1\n").check == "yaml-key"
    assert only_error("a: &k x\n*k : 1\n").check == "yaml-key"


# --- file structure -------------------------------------------------------------------


def test_multiple_documents_are_refused():
    problem = only_error("a: 1\n---\nb: 2\n")
    assert (problem.check, problem.line, problem.column) == ("multiple-documents", 2, 1)


@pytest.mark.parametrize("text", ["", "\n\n  \n", "# bara en kommentar\n\n# en till\n", "---\n"])
def test_empty_file(text):
    problem = only_error(text)
    assert (problem.check, problem.line, problem.column) == ("empty-file", 1, 1)
    assert "hso-budget init" in problem.message


# --- syntax errors --------------------------------------------------------------------


def test_tab_indentation():
    problem = only_error("projekt:\n\tnamn: x\n")
    assert (problem.check, problem.line, problem.column) == ("yaml-syntax", 2, 1)
    assert "a tab character is used for indentation; YAML needs spaces" in problem.message


def test_unclosed_quote():
    problem = only_error('namn: "Ånge kommun\nbelopp: 2\n')
    # located at the quote that is not closed, not past the end of the file
    assert (problem.check, problem.line, problem.column) == ("yaml-syntax", 1, 7)
    assert problem.message == "found unexpected end of stream — a quote is not closed; add the closing quote"


def test_unclosed_bracket():
    problem = only_error("år: [1, 2\nbelopp: 3\n")
    assert (problem.check, problem.line) == ("yaml-syntax", 2)
    assert "'[' is not closed" in problem.message
    assert "line 1, column 5" in problem.message


def test_bad_indentation():
    problem = only_error("projekt:\n  namn: x\n kod: 2\n")
    assert (problem.check, problem.line, problem.column) == ("yaml-syntax", 3, 2)
    assert "indentation" in problem.message


def test_mapping_values_not_allowed_keeps_the_yaml_message_and_adds_a_hint():
    problem = only_error("a: 1\nnamn: Projekt: Ånge\n")
    assert (problem.check, problem.line, problem.column) == ("yaml-syntax", 2, 14)
    assert "mapping values are not allowed" in problem.message
    assert "missing space after ':'" in problem.message


def test_backslash_in_double_quotes_gets_a_hint():
    problem = only_error('fil: "C:\\Data\\budget.xlsx"\n')
    assert problem.check == "yaml-syntax"
    assert "single quotes" in problem.message


# --- bytes and encodings --------------------------------------------------------------


def test_latin1_file_is_located_at_the_first_bad_byte():
    doc, problems = parse(b"projekt: Test\nkommun: \xc5nge\n", "budget.yaml")
    assert doc is None
    problem = only_problem(problems)
    assert (problem.check, problem.line, problem.column) == ("encoding", 2, 9)
    assert "0xC5" in problem.message
    assert "save the file as UTF-8" in problem.message
    assert "Latin-1/Windows-1252" in problem.message


def test_bad_byte_after_a_bom_is_located_without_the_bom():
    problems = parse(b"\xef\xbb\xbfkommun: \xc5nge\n", "budget.yaml")[1]
    assert [(p.check, p.line, p.column) for p in problems] == [("bom", 1, 1), ("encoding", 1, 9)]


def test_byte_that_is_not_windows_1252_gets_no_guess():
    problem = only_problem(parse(b"x: \x81\n", "budget.yaml")[1])
    assert (problem.check, problem.line, problem.column) == ("encoding", 1, 4)
    assert "0x81" in problem.message
    assert "Latin-1" not in problem.message


def test_bad_byte_column_counts_characters_before_it():
    problem = only_problem(parse("ö: å\u00e5\nx: \xe5\n".encode("utf-8")[:-3] + b"\xe5\n", "b.yaml")[1])
    assert (problem.line, problem.column) == (2, 4)
    assert "0xE5" in problem.message


def test_nul_bytes_mean_a_binary_file():
    doc, problems = parse(b"a: 1\n\x00\x01\x02", "budget.yaml")
    assert doc is None
    assert only_problem(problems).check == "unreadable"
    assert "binary file" in problems[0].message


def test_utf16_file_is_refused_with_advice():
    doc, problems = parse("a: 1\n".encode("utf-16"), "budget.yaml")
    assert doc is None
    assert only_problem(problems).check == "encoding"
    assert "UTF-16" in problems[0].message


def test_control_character_is_located():
    problem = only_error("a: 1\nnamn: Å\x07nge\n")
    assert (problem.check, problem.line, problem.column) == ("encoding", 2, 8)
    assert "U+0007" in problem.message


def test_bom_is_a_warning_and_positions_stay_right():
    doc, problems = parse(b"\xef\xbb\xbfprojekt: Test\nbelopp: 5\n", "budget.yaml")
    problem = only_problem(problems)
    assert (problem.level, problem.check, problem.line, problem.column) == (Level.WARNING, "bom", 1, 1)
    assert doc.data == {"projekt": "Test", "belopp": "5"}
    assert doc.key_positions[("projekt",)] == (1, 1)
    assert doc.positions[("projekt",)] == (1, 10)
    assert doc.positions[("belopp",)] == (2, 9)


def test_bom_warning_is_kept_next_to_errors():
    doc, problems = parse(b"\xef\xbb\xbfa: 1\na: 2\n", "budget.yaml")
    assert doc is None
    assert [p.check for p in problems] == ["bom", "duplicate-key"]


def test_crlf_line_endings_are_accepted_with_correct_positions():
    doc, problems = parse(b"projekt: Test\r\nbelopp:\r\n  ar1: 5\r\n", "budget.yaml")
    assert problems == []
    assert doc.data == {"projekt": "Test", "belopp": {"ar1": "5"}}
    assert doc.positions[("belopp", "ar1")] == (3, 8)
    assert doc.key_positions[("belopp",)] == (2, 1)
    assert only_problem(parse(b"a: 1\r\na: 2\r\n", "b.yaml")[1]).line == 2


def test_too_big_bytes_are_refused():
    doc, problems = parse(b"#" * (source.MAX_BYTES + 1), "budget.yaml")
    assert doc is None
    assert only_problem(problems).check == "yaml-limits"


# --- reading files --------------------------------------------------------------------


def test_load_reads_a_file_and_names_it_as_given(tmp_path):
    path = tmp_path / "budget.yaml"
    path.write_bytes("projekt: Ånge\n".encode("utf-8"))
    doc, problems = load(path)
    assert problems == [] and doc.data == {"projekt": "Ånge"}
    assert doc.file == str(path)
    assert load(path, display_name="budget.yaml")[0].file == "budget.yaml"
    path.write_bytes(b"a: 1\na: 2\n")
    assert only_problem(load(str(path), display_name="b.yaml")[1]).file == "b.yaml"


def test_missing_file(tmp_path):
    doc, problems = load(tmp_path / "saknas.yaml", display_name="saknas.yaml")
    assert doc is None
    problem = only_problem(problems)
    assert (problem.file, problem.line, problem.column, problem.check) == ("saknas.yaml", 0, 0, "unreadable")
    assert "no such file" in problem.message


def test_directory(tmp_path):
    doc, problems = load(tmp_path)
    assert doc is None
    problem = only_problem(problems)
    assert (problem.check, problem.line, problem.column) == ("unreadable", 0, 0)
    assert "directory" in problem.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_not_opened(tmp_path):
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    problem = only_problem(load(pipe)[1])
    assert problem.check == "unreadable"
    assert "not a regular file" in problem.message


def test_permission_denied(tmp_path, monkeypatch):
    path = tmp_path / "budget.yaml"
    path.write_text("a: 1\n")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(source, "open", refuse, raising=False)
    problem = only_problem(load(path)[1])
    assert (problem.check, problem.line, problem.column) == ("unreadable", 0, 0)
    assert "permission denied" in problem.message


def test_oversized_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "stor.yaml"
    with open(path, "wb") as stream:
        stream.truncate(source.MAX_BYTES + 1)
    monkeypatch.setattr(source, "open", None, raising=False)  # opening it would fail the test
    problem = only_problem(load(path)[1])
    assert problem.check == "yaml-limits"


# --- robustness and speed -------------------------------------------------------------


SAMPLE = (
    "projekt: Test\n"
    "finansiärer:\n"
    "  - namn: \"Region Västernorrland\"\n"
    "    belopp: {ar1: 6 428 829, ar2: '12.50'}\n"
    "  - &k {namn: Kommun, belopp: [1, 2, ~]}\n"
    "  - *k\n"
    "kommentar: |\n"
    "  text\n"
)


def test_fallback_loader_gives_the_same_result(monkeypatch):
    def read(text):
        doc, problems = parse_text(text)
        return doc.data, doc.positions, doc.key_positions, doc.source, problems

    expected = read(SAMPLE)
    monkeypatch.setattr(source, "_LOADER", yaml.SafeLoader)
    assert read(SAMPLE) == expected


def test_never_raises_on_damaged_input():
    rng = random.Random(2027)
    data = SAMPLE.encode("utf-8")
    alphabet = b"\t\n\r :-[]{}&*!'\"#|>?,%@`\\\xc5\xe5\x00\x07~"
    for _ in range(500):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 6)):
            damaged[rng.randrange(len(damaged))] = rng.choice(alphabet)
        doc, problems = parse(bytes(damaged), "budget.yaml")
        assert (doc is None) == any(p.is_error for p in problems)


def test_as_fast_as_yaml_load():
    items = "".join(f"  - namn: Post {i}\n    konto: '{4000 + i}'\n    belopp: {i}.50\n    år: 2027\n"
                    for i in range(2000))
    text = "poster:\n" + items
    data = text.encode("utf-8")

    def best(run):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        return min(times)

    ours = best(lambda: parse(data, "budget.yaml"))
    theirs = best(lambda: yaml.load(text, Loader=source._LOADER))
    assert len(parse(data, "budget.yaml")[0].data["poster"]) == 2000
    assert ours < 1.5 * theirs
