"""What each check checks, in a sentence for people (the Kontroller sheet); translatable."""

from __future__ import annotations

from .i18n import N_, _

CHECKS = {
    "duplicate-id": N_("Ids are unique within periods, costs, direct costs and financiers; `total` is reserved."),
    "unknown-reference": N_("Every id used is defined: periods in amounts tables, categories in `of`, the financier "
                            "of a direct cost (an in-kind one), staff categories and employers, funds and programme "
                            "presets."),
    "missing-period": N_("An amounts or weights table of a category, direct cost or financier names every period, "
                         "and so does an employer's table of payroll-overhead rates per period."),
    "rule": N_("How each amount follows is complete and unambiguous."),
    "dates": N_("Periods have dates either all or none, each ends after it starts and they follow each other; "
                "staff positions with dates need dated periods."),
    "negative-amount": N_("Amounts, units, weights, percentages, salaries and payroll-overhead rates are not "
                          "negative."),
    "amount-limit": N_("What a cost line comes to in a period stays below 10^12 kr (a thousand billion), more than "
                       "any project: a larger sum is a mistake in units or unit prices."),
    "balance": N_("Booked cost = cash financing, direct costs = direct financing, and project cost = project "
                  "financing, in every period and in total, to the krona."),
    "written-total": N_("Every total or subtotal written in the file equals the sum computed from its rows."),
    "ore-in-total": N_("A written total shows no öre when all of its rows are whole kronor."),
    "empty": N_("A category, direct cost or financier that is zero in every period (a warning)."),
    "flat-rate": N_("Flat rates stay within the programme's caps and are combined as the programme allows."),
    "financing-cap": N_("A financier's share of the project cost stays within its cap over the whole project, "
                        "exactly."),
    "remainder-negative": N_("The remainder financier's amount is not negative in any period: the others do not "
                             "already cover more than the booked cost."),
    "public-share": N_("Public financing (cash and in-kind) is at most the programme's maximum share of the project "
                       "cost (100 % unless the programme says otherwise)."),
    "rate-limit": N_("Numbers no budget means are refused before anything is computed: indexation above 100 %, rates above 1 000 %, rates of rates more than ten deep, more than 8 784 hours a year."),
    "implausible-rate": N_("Warning: a payroll-overhead rate outside 20–70 %, or a yearly indexation above 10 %."),
    "undated-period": N_("A period without dates is counted as a whole year; one labelled like part of a year (H1, Q3, a month) is a warning."),
    "confusable": N_("A name that mixes Latin letters with Cyrillic or Greek look-alikes is a warning."),
    "duplicate-label": N_("Two rows of a section whose labels look the same are a warning: a reader cannot tell them apart."),
    "no-programme": N_("A budget without a programme preset is a warning: no cap and no indexation applies."),
    "cap-raised": N_("A cap raised above the programme preset's is a warning."),
    "negative-result": N_("No computed amount is negative: not the booked cost, nor a financier's amount, in any period."),
    "flat-rate-base": N_("A staff or payroll category outside every flat rate's base is a warning naming the kronor not claimed."),
    "fund-cap": N_("A fund's cap holds for all financiers that grant from it together, over the whole project."),
}


def describe(check_id: str, fallback: str = "") -> str:
    """The check's description in the current language (`fallback`, its docstring, for a check not yet listed)."""
    return _(CHECKS[check_id]) if check_id in CHECKS else fallback
