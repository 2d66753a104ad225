"""Fuzz the checker: mutated budgets must give problems, never an exception or a hang.

Starts from data/budget.yaml, the examples and the test fixtures, mutates them (byte flips,
deleted and repeated lines, YAML punctuation, mangled numbers, values swapped between keys,
lines spliced in from another file) and runs `runner.check_text` on each, in this process,
under a time limit per input (SIGALRM), and the JSON of `show` when the budget computes.
Every crash or hang is saved under --out, the shortest input per finding, with its traceback:

    python fuzz/fuzz_budget.py --seconds 60 --seed 1

Exit code 0: nothing found; 1: a crash or a hang was found (reproduce one with
`hso-budget check FILE` or `hso-budget show --format json FILE`). The same seed gives the
same inputs in the same order.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from hso_budget.problems import Problem
from hso_budget.runner import Report, check_text
from hso_budget.show_json import dumps
from campaign import fuzz, options  # shared with the other fuzzer
from mutations import delete_line, flip_bytes, mutate, repeat_line, splice

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ("data/*.yaml", "examples/**/*.yaml", "tests/fixtures/**/*.yaml", "src/hso_budget/templates/*.yaml")
PUNCTUATION = [":", ": ", "-", "- ", "[", "]", "{", "}", ",", "#", "&a ", "*a", "!", "!!python/name:os.system ",
               "|", ">", "'", '"', "%", "@", "`", "?", "\t", "\n", "  ", "---\n", "...\n", "<<: ", "\\", "\r",
               "\ufeff", "\u00a0", "\x00", "\x07"]
NUMBERS = ["0", "-0", "1,2,3", "1e400", ".nan", "-.inf", "inf", "12,345", "12.345", "1,5", "−5", "–5",
           "6\u00a0428\u00a0829", "6\u202f428\u202f829", "1 000,50", "0x1F", "0o17", "1_000", "+5", "00012",
           "9" * 40, "1" + "0" * 29 + ",01", "0,001", "100 %", "150 %", "-15 %", "1e3 %", "", "~", "''",
           "99 999 999 999 999", "4 285 108,00", "1 000 kr", "1.000.000"]
NUMBER = re.compile(r"(?<![\w.])-?\d[\d \u00a0\u202f]*(?:[.,]\d+)?(?: ?%)?")
VALUE = re.compile(rb"^(\s*(?:- )?[\w-]+: )(.+)$", re.MULTILINE)


def seed_files() -> tuple[list[bytes], list[bytes]]:
    """The files the mutations start from: those that check without errors, and all of them."""
    paths = sorted({p for pattern in SEEDS for p in ROOT.glob(pattern) if p.is_file()})
    every = [p.read_bytes() for p in paths]
    return [data for data in every if _computes(data)], every


def _computes(data: bytes) -> bool:
    try:
        return check_text(data, "seed.yaml").calculation is not None
    except Exception:  # noqa: BLE001 - a seed that crashes is still a seed, just not a valid one
        return False


def insert_punctuation(data: bytes, rng: random.Random, seeds: list[bytes]) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + rng.choice(PUNCTUATION).encode("utf-8") + data[at:]


def mangle_number(data: bytes, rng: random.Random, seeds: list[bytes]) -> bytes:
    text = data.decode("utf-8", "replace")
    found = list(NUMBER.finditer(text))
    if not found:
        return insert_punctuation(data, rng, seeds)
    match = rng.choice(found)
    return (text[:match.start()] + rng.choice(NUMBERS) + text[match.end():]).encode("utf-8")


def swap_values(data: bytes, rng: random.Random, seeds: list[bytes]) -> bytes:
    pairs = list(VALUE.finditer(data))
    if len(pairs) < 2:
        return repeat_line(data, rng, seeds)
    a, b = sorted(rng.sample(pairs, 2), key=lambda m: m.start())
    return (data[:a.start(2)] + b.group(2) + data[a.end(2):b.start(2)] + a.group(2) + data[b.end(2):])


MUTATIONS = (flip_bytes, delete_line, repeat_line, insert_punctuation, mangle_number, swap_values, splice)


def run_one(data: bytes) -> None:
    """Check `data` as a budget; raises on a crash, AssertionError on a bad result."""
    report = check_text(data, "fuzz.yaml")
    assert isinstance(report, Report), f"check_text returned {type(report).__name__}"
    assert all(isinstance(p, Problem) for p in report.problems), "a problem that is not a Problem"
    if report.calculation is not None:
        dumps(report.budget, report.calculation)


def main(argv: list[str] | None = None) -> int:
    args = options(__doc__.split("\n\n")[0], "hso-budget-fuzz", argv)
    valid, seeds = seed_files()

    def next_input(rng: random.Random) -> bytes:
        return mutate(rng.choice(valid if valid and rng.random() < 0.8 else seeds), rng, seeds, MUTATIONS)

    return fuzz(args, next_input, run_one, ".yaml", f"{len(seeds)} files ({len(valid)} valid budgets)")


if __name__ == "__main__":
    sys.exit(main())
