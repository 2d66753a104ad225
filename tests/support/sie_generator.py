"""Realistic SIE 4 files for the tests and the benchmark, with the truth they hold.

A municipality's ledger export: a municipal chart of accounts (revenue 3xxx, purchases 4xxx,
staff 5xxx, premises, travel and other costs 6xxx–7xxx, financial 8xxx, balance sheet 1xxx–2xxx)
with Swedish names, cost centres in dimension 1 and projects in a second dimension (6, or one of
the free dimensions ≥ 20 municipalities use), supplier invoices, payroll and manual vouchers that
balance, rows with their own dates and texts, added rows (#RTRANS followed by the same #TRANS)
and removed rows (#BTRANS) — written in codepage 437 as the specification says, or another
encoding. The generator keeps, in whole öre, what every counted row put on each project, account
and date, so a test can check what a reader sums without reading the file.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ACCOUNTS = {
    "1930": "Bank", "2440": "Leverantörsskulder", "2640": "Ingående moms", "2710": "Personalens källskatt",
    "3010": "Försäljning av tjänster", "3510": "Bidrag från staten", "3520": "Bidrag från regionen",
    "4010": "Förbrukningsmaterial", "4610": "Konsulttjänster", "4630": "Köp av utbildningstjänster",
    "5010": "Månadslön", "5110": "Timlön", "5410": "Sociala avgifter", "5510": "Pensionskostnader",
    "6110": "Lokalhyra", "6420": "Resor inrikes", "6430": "Logi och kost", "6540": "Konferensavgifter",
    "7010": "Telefoni och datakommunikation", "7310": "Övriga främmande tjänster", "8410": "Räntekostnader",
}
COSTS = ["4010", "4610", "4630", "5010", "5110", "5410", "5510", "6110", "6420", "6430", "6540", "7010", "7310"]
REVENUE = ["3010", "3510", "3520"]
COST_CENTRES = [f"{n}" for n in range(1100, 1160)]
SIGNATURES = ["Anna Öberg", "Per Åström", "Lena Ärlig", "Ekonomisystem"]
TEXTS = ["Tåg Härnösand-Sundsvall", "Hotell Ånge", "Konsultarvode förstudie", "Lön månad", "Möte på Länsstyrelsen",
         "Kaffe och smörgås", "Licens för år 2027", "Återbetalning", "Utbildning för personal", "Hyra kontor Öviks"]


@dataclass
class Truth:
    """What the counted rows of a generated file hold, in whole öre."""

    per_row: dict[tuple[str, str, date], int] = field(default_factory=lambda: defaultdict(int))  # (project, account, date)
    vouchers: int = 0
    rows: int = 0  # counted rows (#TRANS, and #RTRANS with its repeated #TRANS as one)
    removed: int = 0

    def total(self, project: str, accounts: tuple[int, int], start: date, end: date) -> Decimal:
        """What the project's rows on accounts lo..hi dated start..end add up to, in kronor."""
        lo, hi = accounts
        ore = sum(v for (p, a, d), v in self.per_row.items() if p == project and lo <= int(a) <= hi and start <= d <= end)
        return Decimal(ore) / 100


def write_sie(path: Path, rows: int, seed: int = 1, projects: tuple[str, ...] = ("P1042", "P2001", "P2002", "P3100"),
              dimension: str = "6", encoding: str = "cp437", year: int = 2027, share: float = 0.25) -> Truth:
    """Write a SIE 4 file of about `rows` counted rows; `share` of the vouchers are the projects'."""
    rng = random.Random(seed)
    truth = Truth()
    first = date(year, 1, 1)
    with open(path, "w", encoding=encoding, newline="\r\n") as out:
        out.write(_header(year, dimension, projects))
        number = 0
        while truth.rows < rows:
            number += 1
            day = first + timedelta(days=rng.randrange(365))
            project = rng.choice(projects) if rng.random() < share else None
            out.write(_voucher(rng, truth, number, day, project, dimension))
    return truth


def _header(year: int, dimension: str, projects: tuple[str, ...]) -> str:
    lines = ["#FLAGGA 0", '#PROGRAM "Ekonomisystem för kommuner" 12.4', "#FORMAT PC8", f"#GEN {year + 1}0115",
             "#SIETYP 4", '#FNAMN "Härnösands kommun"', "#ORGNR 212000-2411",
             f"#RAR 0 {year}0101 {year}1231", f"#RAR -1 {year - 1}0101 {year - 1}1231",
             '#DIM 1 "Ansvar"', f'#DIM {dimension} "Projekt"']
    lines += [f'#OBJEKT 1 "{c}" "Ansvar {c} Förvaltning"' for c in COST_CENTRES]
    lines += [f'#OBJEKT {dimension} "{p}" "Projekt {p} Hållbar omställning"' for p in projects]
    lines += [f'#KONTO {a} "{n}"' for a, n in ACCOUNTS.items()]
    lines += [f"#KTYP {a} {'T' if a < '2' else 'S' if a < '3' else 'I' if a < '4' else 'K'}" for a in ACCOUNTS]
    return "\n".join(lines) + "\n"


def _amount(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    ore = abs(ore)
    return f"{sign}{ore // 100}.{ore % 100:02d}"


def _voucher(rng: random.Random, truth: Truth, number: int, day: date, project: str | None, dimension: str) -> str:
    series = rng.choice("ALM")
    text = rng.choice(TEXTS)
    lines = [f'#VER {series} {number} {day:%Y%m%d} "{text} {number}" {day + timedelta(days=1):%Y%m%d} '
             f'"{rng.choice(SIGNATURES)}"', "{"]
    balance = 0
    for _ in range(rng.randint(1, 5)):
        revenue = rng.random() < 0.08
        account = rng.choice(REVENUE if revenue else COSTS)
        ore = rng.randint(100, 5_000_000) * (-1 if revenue else 1)
        if rng.random() < 0.05:
            ore = -ore  # a correction
        centre = rng.choice(COST_CENTRES)
        objects = f'{{1 "{centre}" {dimension} "{project}"}}' if project else f'{{1 "{centre}"}}'
        row_day = day + timedelta(days=rng.randrange(3)) if rng.random() < 0.3 else None
        fields = f"{account} {objects} {_amount(ore)}"
        if row_day is not None or rng.random() < 0.6:  # most ledgers write the row's date and text
            fields += f' {row_day or day:%Y%m%d} "{rng.choice(TEXTS)}"'
        kind = rng.random()
        if kind < 0.03:
            lines.append(f"   #BTRANS {fields}")  # a removed row: not counted
            truth.removed += 1
            continue
        if kind < 0.06:
            lines.append(f"   #RTRANS {fields}")  # an added row, then the same #TRANS for older readers
        lines.append(f"   #TRANS {fields}")
        balance += ore
        truth.rows += 1
        if project:
            truth.per_row[(project, account, row_day or day)] += ore
    vat = rng.choice((0, 0, 25)) * abs(balance) // 100 if balance > 0 else 0
    if vat:
        lines.append(f"   #TRANS 2640 {{}} {_amount(vat)}")
        truth.rows += 1
    lines.append(f"   #TRANS {'2440' if series == 'A' else '1930'} {{}} {_amount(-(balance + vat))}")
    truth.rows += 1
    truth.vouchers += 1
    lines.append("}")
    return "\n".join(lines) + "\n"
