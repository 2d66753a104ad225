"""Exact money: parsing amounts and percentages from text, the rounding policy, and display.

Rounding policy (the only place where money is rounded):

* Every derived amount (indexation, flat rates, payroll overheads, staff costs, line items,
  spreads) is rounded to whole kronor per row and period, halves away from zero, as Excel's
  and LibreOffice's ROUND do (`krona`).
* A financier's share computed as a percentage of a base is rounded *down* to the krona
  (`krona_down`, Excel's ROUNDDOWN), so that a share granted "up to 40 %" never exceeds
  40 % by öre; the remainder financier absorbs the difference.
* When a whole-project amount is spread over periods, every period but the last is rounded
  with `krona` and the last takes what is left, so the periods add up to the total exactly.
* Totals are sums of the rounded rows shown, never rounded again.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from .i18n import _

KRONA = Decimal(1)
ORE = Decimal("0.01")
MAX_DIGITS = 15  # what a spreadsheet cell holds exactly
MAX_AMOUNT = Decimal(10) ** 12  # a thousand billion kronor: larger than any project
MAX_UNITS = Decimal(10) ** 9  # units × unit price stays exact however many items there are

_SPACES = "\u0020\u00a0\u202f\u2009"
_MINUS = "-\u2212\u2013"
_SIGN = "[+\\-\u2212\u2013]"
_INTEGER = f"[0-9]{{1,3}}(?:[{_SPACES}][0-9]{{3}})+|[0-9]+"
_NUMBER = re.compile(rf"^(?P<sign>{_SIGN})?\s*(?P<int>{_INTEGER})(?:(?P<mark>[.,])(?P<frac>[0-9]+))?$")
_NO_GROUP_SPACES = str.maketrans("", "", _SPACES)
# compiled (by `re`, once) when a number is first written with a unit: a budget of plain numbers needs neither
_SCALED = r"[0-9\s]([tm])(kr|sek)\.?$"
_KRONOR = r"(?<=[0-9\s])(kr|SEK)\.?$"


def text_pattern(kind: str) -> str:
    """The grammar `parse_number`, `parse_units`, `parse_amount` or `parse_percent` reads, as a
    JSON Schema (ECMA-262) pattern for numbers written as text. The limits on digits and size are
    not in it."""
    number = rf"{_SIGN}?\s*(?:{_INTEGER})"
    if kind == "percent":
        return rf"^\s*{number}(?:[.,][0-9]+)?\s*%\s*$"
    if kind == "amount":  # at most two decimals, so `1,234` and `1.234` are refused too
        return rf"^\s*{number}(?:[.,][0-9]{{1,2}})?\s*(?:(?:[kK][rR]|[sS][eE][kK])\.?)?\s*$"
    ambiguous = rf"(?!\s*{_SIGN}?\s*[1-9][0-9]{{0,2}}[.,][0-9]{{3}}\s*$)"  # see `ambiguous_comma`
    return rf"^{ambiguous}\s*{number}(?:[.,][0-9]+)?\s*$"


class NumberError(ValueError):
    """Text that is not an unambiguous number; the message says what was expected."""


def krona(value: Decimal) -> Decimal:
    """Round to whole kronor, halves away from zero (Excel's ROUND(x; 0))."""
    return value.quantize(KRONA, rounding=ROUND_HALF_UP)


def krona_down(value: Decimal) -> Decimal:
    """Round towards zero to whole kronor (Excel's ROUNDDOWN(x; 0))."""
    return value.quantize(KRONA, rounding=ROUND_DOWN)


def parse_number(text: object, reading: str = "ambiguous") -> Decimal:
    """Parse a number as people write it in Swedish or English, exactly.

    Accepts `6428829`, `6 428 829` (space, no-break or narrow no-break space between groups
    of three), `13 279 868,45`, `12.50`, a leading `-` or `−`. Refuses lists (`1,2,3`),
    exponents, infinities and NaN, and what could be read two ways: `1,500` and `1.500` alike
    (thousands, or three decimals). `reading` says how such a number is taken instead:
    "decimal" (a percentage: 14,999 % is never thousands) or "amount" (three decimals are finer
    than öre, so the advice is the thousands).
    """
    if isinstance(text, bool):
        raise NumberError(_("expected a number, got {value}").format(value=str(text).lower()))
    if isinstance(text, (int, Decimal)):
        return Decimal(text)
    if not isinstance(text, str):
        raise NumberError(_("expected a number, got {value}").format(value=describe(text)))
    cleaned = text.strip()
    if cleaned.isascii() and cleaned.isdigit() and len(cleaned.lstrip("0")) <= MAX_DIGITS:
        return Decimal(cleaned)  # plain digits: what the general path below gives, sooner
    match = _NUMBER.match(cleaned)
    if not match:
        raise NumberError(_why_not_a_number(cleaned))
    written_sign, written, mark, frac = match.groups()
    integer = written.translate(_NO_GROUP_SPACES)
    if mark and reading != "decimal" and written == integer and ambiguous_comma(integer, frac):
        sign = "-" if written_sign else ""
        if reading == "amount":
            raise NumberError(
                _("'{text}' reads as thousands or as three decimals; an amount has at most two decimals "
                  "(öre), so for thousands write {thousands}").format(text=cleaned, thousands=f"{sign}{integer} {frac}")
            )
        raise NumberError(
            _("'{text}' is ambiguous: write {thousands} for thousands, or {decimal} for a decimal number").format(
                text=cleaned, thousands=f"{sign}{integer} {frac}", decimal=sign + decimal_spelling(integer, frac, ","))
        )
    digits = len((integer + (frac or "")).lstrip("0"))
    if digits > MAX_DIGITS:
        raise NumberError(_("'{text}' has {digits} digits; a number has at most {most}, as in a spreadsheet").format(
            text=cleaned, digits=digits, most=MAX_DIGITS))
    value = Decimal(f"{integer}.{frac}" if frac else integer)
    return -value if written_sign and written_sign in _MINUS else value


def ambiguous_comma(integer: str, fraction: str) -> bool:
    """Whether `1,234` could be thousands as well as decimals: 1–3 digits (not 0), then three."""
    return len(fraction) == 3 and fraction.isdigit() and integer.isdigit() and len(integer) <= 3 and integer[0] != "0"


def decimal_spelling(integer: str, fraction: str, mark: str) -> str:
    """`1,500` as a decimal that cannot be taken for thousands: `1,5`; `1,234` needs a fourth decimal: `1,2340`."""
    digits = fraction.rstrip("0") or "0"
    return f"{integer}{mark}{digits if len(digits) != 3 else digits + '0'}"


def parse_amount(text: object) -> Decimal:
    """Parse an amount in kronor: a number with at most two decimals (öre); `kr` may follow."""
    if isinstance(text, str) and not text.strip()[-1:].isdigit():  # a unit may follow the number
        text = text.strip()
        scaled = re.search(_SCALED, text, flags=re.IGNORECASE)
        if scaled:
            example = _("100 tkr is 100 000") if scaled[1].lower() == "t" else _("2 mkr is 2 000 000")
            raise NumberError(_("'{text}': write amounts in kronor, not thousands or millions ({example})").format(
                text=text, example=example))
        text = re.sub(_KRONOR, "", text, flags=re.IGNORECASE)
    value = parse_number(text, reading="amount")
    if abs(value) >= MAX_AMOUNT:
        raise NumberError(_("'{text}' is more than any project budget (below {most} kr); check the number").format(
            text=str(text).strip(), most=format_amount(MAX_AMOUNT)))
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise NumberError(
            _("'{text}' has more than two decimals; amounts are kronor with at most öre precision (two decimals)")
            .format(text=str(text).strip())
        )
    return value


def parse_units(text: object) -> Decimal:
    """Parse a number of units (trips, hours, nights): below a billion."""
    value = parse_number(text)
    if abs(value) >= MAX_UNITS:
        raise NumberError(_("'{text}' units are more than any budget needs (below {most}); check the number").format(
            text=str(text).strip(), most=format_amount(MAX_UNITS)))
    return value


def parse_percent(text: object) -> Decimal:
    """Parse a percentage such as `15 %`, `44,62254%` into a fraction (0.15, 0.4462254)."""
    if isinstance(text, str):
        stripped = text.strip()
        if stripped.endswith("%"):
            return parse_number(stripped[:-1], reading="decimal") / 100
        raise NumberError(_percent_expected(f"'{stripped}'"))
    raise NumberError(_percent_expected(describe(text)))


def _percent_expected(got: str) -> str:
    # the sign is a placeholder: "% s" would read as %-format to the gettext tools
    return _("expected a percentage with a {sign} sign, such as '15 {sign}', got {value}").format(sign="%", value=got)


def format_amount(value: Decimal) -> str:
    """Kronor with a space between thousands, and öre (rounded half up) only where there are any:
    `1 394 630`, `1 394 630,40`."""
    if value != value.to_integral_value():
        value = value.quantize(ORE, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, _dot, ore = f"{abs(value):f}".partition(".")
    digits = f"{int(whole):,}".replace(",", " ")
    return f"{sign}{digits},{ore}" if ore.strip("0") else f"{sign}{digits}"


def format_rounding(exact: Decimal, rounded: Decimal) -> str:
    """`1 394 630,40 → 1 394 630`, or just the amount when nothing was rounded."""
    if exact == rounded:
        return format_amount(rounded)
    return f"{format_amount(exact)} → {format_amount(rounded)}"


def format_percent(fraction: Decimal, places: int = 2) -> str:
    """A fraction as a Swedish percentage: 0.4 → `40,00 %`; exact rates keep their digits."""
    percent = (fraction * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{percent:f}".replace(".", ",") + " %"


def format_rate(fraction: Decimal) -> str:
    """A rate as the user wrote it: 0.4462254 → `44,62254 %`, 0.15 → `15 %`."""
    percent = (fraction * 100).normalize()
    text = f"{percent:f}"
    return text.replace(".", ",") + " %"


def _why_not_a_number(text: str) -> str:
    if not text:
        return _("expected a number, got nothing")
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
        return _("'{text}' uses commas between thousands; write {fixed}").format(text=text, fixed=text.replace(",", " "))
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", text):
        return _("'{text}' uses dots between thousands; write {fixed}").format(text=text, fixed=text.replace(".", " "))
    if re.fullmatch(r"[+-]?\d{1,3}(_\d{3})+([.,]\d+)?", text):
        return _("'{text}' uses underscores between thousands; write {fixed}").format(text=text, fixed=text.replace("_", " "))
    whole_kronor = re.fullmatch(r"(.*\d)\s*([,:.]-)", text)
    if whole_kronor:
        return _("'{text}' ends in '{mark}', the mark for whole kronor on a receipt; write the number alone: {number}").format(
            text=text, mark=whole_kronor[2], number=whole_kronor[1])
    if re.fullmatch(r"[+-]?\d+(,\d+){2,}", text):
        return _("'{text}' is not a number (several commas); write one amount, e.g. 1 234,50").format(text=text)
    if re.fullmatch(r"[+-]?(\.?inf(inity)?|\.?nan)", text, flags=re.IGNORECASE):
        return _("'{text}' is not an amount; write a number of kronor").format(text=text)
    if re.search(r"\d[eE][+-]?\d", text):
        return _("'{text}' uses an exponent; write the number out in full").format(text=text)
    return _("expected a number, got {value}").format(value=f"'{text}'")


def describe(value: object) -> str:
    """What was written, for a message: `'abc'`, a list, a mapping, nothing (an empty value)."""
    if value is None:
        return _("nothing (an empty value)")
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"
