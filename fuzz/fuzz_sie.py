"""Fuzz the SIE reader: mutated ledgers must give located problems, never an exception or a hang,
and the fast path must agree with the general tokenizer.

Starts from the committed SIE files and small generated ledgers (tests/support/sie_generator.py),
mutates them (byte flips, deleted and repeated lines, SIE punctuation, mangled amounts and dates,
lines spliced in from another file) and reads each with `reader.read_bytes`, in this process,
under a time limit per input (SIGALRM). Each input is read three ways that must agree: keeping
every row, keeping the project's rows through the object-list needle, and keeping every row
with each voucher's `{` line given a trailing blank, which sends every voucher through the
general tokenizer instead of the fast path. Every crash, hang or disagreement is saved under
--out, the shortest input per finding, with what went wrong:

    python fuzz/fuzz_sie.py --seconds 60 --seed 1

Exit code 0: nothing found; 1: a finding (reproduce it with `hso-budget actuals FILE ...`).
"""

from __future__ import annotations

import random
import re
import sys
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hso_budget.problems import Problem  # noqa: E402
from hso_budget.sie import reader  # noqa: E402
from hso_budget.sie.ledger import Ledger, Selection  # noqa: E402
from support.sie_generator import write_sie  # noqa: E402
from campaign import fuzz, options  # noqa: E402 - shared with the other fuzzer
from mutations import delete_line, flip_bytes, mutate, repeat_line, splice  # noqa: E402

SEEDS = ("tests/fixtures/sie/*.se", "examples/**/*.se")
PUNCTUATION = ['"', '\\"', "{", "}", "{}", " ", "\t", "\r", "\n", "\\", "#TRANS ", "#RTRANS ", "#BTRANS ", "#VER ",
               "#KONTO ", "#OBJEKT 6 ", "#DIM ", "\x00", "\x1a", "\x84", "\x94", "\xe5", "\xc3\xa5", "\ufeff", "{6 P1042}",
               '{6 "P1042" 1 "1100"}', "#", '""']
NUMBERS = ["0", "-0", "1e5", "1,50", "1.505", "99999999999999999", ".5", "5.", "-", "--5", "1 000", "NaN", "inf",
           "20270229", "20280229", "20271301", "00000000", "2027-01-01", "2027010", "202701011", "", '""']
NUMBER = re.compile(rb"-?\d+(?:\.\d+)?")
EVERY = Selection(lambda account, objects: True)
PROJECT = Selection(lambda account, objects: ("6", "P1042") in objects, '"P1042"')


def seed_files(folder: Path) -> list[bytes]:
    paths = sorted({p for pattern in SEEDS for p in ROOT.glob(pattern) if p.is_file()})
    seeds = [p.read_bytes() for p in paths]
    for number, (dimension, encoding) in enumerate((("6", "cp437"), ("6", "utf-8"), ("21", "iso-8859-1"))):
        path = folder / f"seed-{number}.se"
        write_sie(path, rows=60, seed=number, dimension=dimension, encoding=encoding, share=0.6)
        seeds.append(path.read_bytes())
    return seeds


def insert_punctuation(data: bytes, rng: random.Random, seeds: list[bytes]) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + rng.choice(PUNCTUATION).encode("latin-1", "ignore") + data[at:]


def mangle_number(data: bytes, rng: random.Random, seeds: list[bytes]) -> bytes:
    found = list(NUMBER.finditer(data))
    if not found:
        return insert_punctuation(data, rng, seeds)
    match = rng.choice(found)
    return data[:match.start()] + rng.choice(NUMBERS).encode("ascii") + data[match.end():]


def truncate(data: bytes, rng: random.Random, seeds: list[bytes]) -> bytes:
    return data[:rng.randint(0, len(data))]


MUTATIONS = (flip_bytes, delete_line, repeat_line, insert_punctuation, mangle_number, truncate, splice)


def _seen(ledger: Ledger) -> tuple:
    rows = [(r.account, r.objects, r.amount, r.date, r.text, r.line, r.voucher) for r in ledger.rows]
    problems = [(p.line, p.column, p.level, p.check, p.message) for p in ledger.problems]
    return rows, problems, ledger.vouchers, ledger.row_count, ledger.encoding


def _general(data: bytes) -> bytes:
    """The same ledger with a blank after each voucher's `{`: the fast path no longer recognises it."""
    return re.sub(rb"(?m)^([ \t]*\{)(\r?)$", rb"\1 \2", data)


def run_one(data: bytes) -> None:
    """Read `data` three ways; raises on a crash, AssertionError on a bad result."""
    every = reader.read_bytes(data, "fuzz.se", EVERY)
    for p in every.problems:
        assert isinstance(p, Problem) and p.file == "fuzz.se" and p.line >= 0 and p.column >= 0, p
        assert p.line == 0 or p.column >= 1, p
    for row in every.rows:
        assert isinstance(row.amount, Decimal) and isinstance(row.date, date) and row.line >= 1, row
    general = reader.read_bytes(_general(data), "fuzz.se", EVERY)
    assert _seen(every) == _seen(general), "the fast path and the general tokenizer disagree"
    project = reader.read_bytes(data, "fuzz.se", PROJECT)
    assert project.rows == [r for r in every.rows if ("6", "P1042") in r.objects], "the needle lost rows"


def main(argv: list[str] | None = None) -> int:
    args = options(__doc__.split("\n\n")[0], "hso-budget-fuzz-sie", argv)
    with tempfile.TemporaryDirectory() as tmp:
        seeds = seed_files(Path(tmp))
    return fuzz(args, lambda rng: mutate(rng.choice(seeds), rng, seeds, MUTATIONS), run_one, ".se",
                f"{len(seeds)} files")


if __name__ == "__main__":
    sys.exit(main())
