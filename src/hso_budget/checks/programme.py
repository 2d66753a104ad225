"""The programme's rules apply: a budget without a programme, or one that raises its caps, is said."""

from __future__ import annotations

from collections.abc import Iterator

from .. import programmes
from ..i18n import _
from ..money import format_rate
from ..problems import Level
from . import Context, Finding, check


@check("no-programme", stage="structure", level=Level.WARNING)
def no_programme(ctx: Context) -> Iterator[Finding]:
    """A budget without a programme preset is a warning: without one no flat-rate cap, no fund
    cap and no staff indexation applies, so any rate or share passes unchecked."""
    p = ctx.budget.programme
    if p is None:
        yield Finding(("format",), _("no programme: no flat-rate cap, fund cap or staff indexation applies, so any "
                                     "rate or share passes; name the programme, e.g. '{example}'").format(
                                         example="programme: eruf-mellersta-norrland-2021-2027"), key=True)
    elif p.preset is None:
        yield Finding(("programme",), _("the programme names no preset: only the rules written here apply; add "
                                        "'{example}' (or the programme's preset)").format(
                                            example="preset: eruf-mellersta-norrland-2021-2027"), key=True)


@check("cap-raised", stage="structure", level=Level.WARNING)
def raised_caps(ctx: Context) -> Iterator[Finding]:
    """A cap raised above the programme preset's is a warning: a financier's `max_share` above its
    fund's cap, or the file's programme overrides of a flat-rate cap, a fund's cap or the public
    share above the preset's. The decision may allow it; the application's reader should know."""
    b = ctx.budget
    p = b.programme
    overrides = p is not None and (p.flat_rates or p.funds or p.max_public_share is not None)
    if p is not None and overrides and p.preset in programmes.preset_names():  # the preset is made only to compare
        preset = programmes.resolve(type(p)(preset=p.preset))
        for kind, rule in p.flat_rates.items():
            if kind in preset.flat_rates and rule.max > preset.flat_rates[kind].max:
                yield _raised(("programme", "flat_rates", kind, "max"), _("the {kind} flat-rate cap").format(kind=kind), rule.max,
                              preset.flat_rates[kind].max, p.preset)
        for name, fund in p.funds.items():
            if name in preset.funds and fund.max_share > preset.funds[name].max_share:
                yield _raised(("programme", "funds", name, "max_share"), _("the {fund} fund's cap").format(fund=name), fund.max_share,
                              preset.funds[name].max_share, p.preset)
        if (p.max_public_share is not None and preset.max_public_share is not None
                and p.max_public_share > preset.max_public_share):
            yield _raised(("programme", "max_public_share"), _("the cap on public financing"), p.max_public_share,
                          preset.max_public_share, p.preset)
    for i, f in enumerate(b.financiers):
        fund = ctx.programme.funds.get(f.fund) if f.fund else None
        if f.max_share is not None and fund is not None and f.max_share > fund.max_share:
            yield _raised(("financiers", i, "max_share"), _("{financier}'s cap").format(financier=f.label), f.max_share,
                          fund.max_share, _("the {fund} fund").format(fund=f.fund))


def _raised(path: tuple, what: str, value, cap, source: str) -> Finding:
    return Finding(path, _("{what} is raised to {rate}, above {cap} ({source}); make sure the decision allows it").format(
        what=what, rate=format_rate(value), cap=format_rate(cap), source=source), value=format_rate(value))
