#!/usr/bin/env python3
"""Generates quantum's exchange calendars from the two well-kept calendar libraries on PyPI:
exchange_calendars, which models 60+ exchanges by ISO 10383 MIC (sessions, holidays, ad-hoc
closures, early closes and close times over history), and pandas_market_calendars, whose own
NYSE, HKEX and JPX calendars go further where exchange_calendars falls short (NYSE's holidays
and Saturday sessions before 1970, Hong Kong's typhoon and rainstorm closures, Tokyo 1998-05-06).
Each record names the library it comes from.

    python3 -m venv .venv-calendars && .venv-calendars/bin/pip install -r scripts/calendars/requirements.txt
    .venv-calendars/bin/python scripts/calendars/generate.py            # rewrites the Swift data file
    .venv-calendars/bin/python scripts/calendars/generate.py --text F   # the same data as a text file
                                                                        # (for `quantum calendar update F`)

The output is deterministic for a given exchange_calendars version and `--generated` date.
Format (one record a line, fields separated by '|'; see ExchangeCalendarData.swift's reader):

    X|MIC|name|time zone|first|last|weekmask|regular closes|holidays|extra sessions|special closes|source
    A|MIC|same sessions as MIC|name|why

- first/last: YYYY-MM-DD, the span the data covers (sessions outside it are not judged);
- weekmask: seven 0/1 for Monday…Sunday, the days the exchange usually trades;
- regular closes: `YYYY-MM-DD=HHMM` separated by ';', the local close from that date on;
- holidays: weekmask days in the span with no session, as base-36 day gaps (from the day
  before `first`), separated by ',';
- extra sessions: days outside the weekmask that had a session, encoded likewise;
- special closes: sessions closing at another time than the regular close (early closes), as
  `gap:HHMM` with the same day gaps, separated by ',';
- source: the library (and its calendar) the record comes from.
Local times are converted from UTC with Python's zoneinfo (pandas gives pre-1901 New York times
in local mean time, 15:04 for 15:00).
"""
import argparse
import datetime as dt
import sys
from pathlib import Path

from zoneinfo import ZoneInfo

try:  # The encoding helpers and their tests need none of them (test_generate.py).
    import exchange_calendars as xc
    import pandas as pd
    import pandas_market_calendars as mcal
except ImportError:  # pragma: no cover
    xc = pd = mcal = None

# Exchanges by MIC with the names users know them by. Every equity exchange exchange_calendars
# models; futures and 24-hour calendars are left out.
NAMES = {
    "AIXK": "Astana International Exchange", "ASEX": "Athens Stock Exchange", "BVMF": "B3 (Brasil Bolsa Balcão)",
    "XAMS": "Euronext Amsterdam", "XASX": "Australian Securities Exchange", "XBDA": "Bermuda Stock Exchange",
    "XBEL": "Belgrade Stock Exchange", "XBKK": "Stock Exchange of Thailand", "XBOG": "Colombia Stock Exchange",
    "XBOM": "BSE (Bombay Stock Exchange)", "XBRA": "Bratislava Stock Exchange", "XBRU": "Euronext Brussels",
    "XBSE": "Bucharest Stock Exchange", "XBUD": "Budapest Stock Exchange", "XBUE": "Buenos Aires Stock Exchange",
    "XCSE": "Nasdaq Copenhagen", "XCYS": "Cyprus Stock Exchange", "XDUB": "Euronext Dublin",
    "XDUS": "Düsseldorf Stock Exchange", "XETR": "Xetra (Deutsche Börse)", "XFRA": "Frankfurt Stock Exchange",
    "XHAM": "Hamburg Stock Exchange", "XHEL": "Nasdaq Helsinki", "XHKG": "Hong Kong Exchanges",
    "XICE": "Nasdaq Iceland", "XIDX": "Indonesia Stock Exchange", "XIST": "Borsa Istanbul",
    "XJSE": "Johannesburg Stock Exchange", "XKAR": "Pakistan Stock Exchange", "XKLS": "Bursa Malaysia",
    "XKRX": "Korea Exchange", "XLIM": "Lima Stock Exchange", "XLIS": "Euronext Lisbon",
    "XLIT": "Nasdaq Vilnius", "XLJU": "Ljubljana Stock Exchange", "XLON": "London Stock Exchange",
    "XLUX": "Luxembourg Stock Exchange", "XMAD": "Bolsa de Madrid", "XMEX": "Mexican Stock Exchange",
    "XMIL": "Borsa Italiana", "XMOS": "Moscow Exchange", "XNYS": "New York Stock Exchange",
    "XNZE": "New Zealand Exchange", "XOSL": "Oslo Børs", "XPAR": "Euronext Paris",
    "XPHS": "Philippine Stock Exchange", "XPRA": "Prague Stock Exchange", "XRIS": "Nasdaq Riga",
    "XSAU": "Saudi Exchange (Tadawul)", "XSES": "Singapore Exchange", "XSGO": "Santiago Stock Exchange",
    "XSHG": "Shanghai Stock Exchange", "XSTO": "Nasdaq Stockholm", "XSTU": "Stuttgart Stock Exchange",
    "XSWX": "SIX Swiss Exchange", "XTAE": "Tel Aviv Stock Exchange", "XTAI": "Taiwan Stock Exchange",
    "XTAL": "Nasdaq Tallinn", "XTKS": "Tokyo Stock Exchange", "XTSE": "Toronto Stock Exchange",
    "XWAR": "Warsaw Stock Exchange", "XWBO": "Wiener Börse", "XZAG": "Zagreb Stock Exchange",
}

# Exchanges that trade on another's sessions, with the reason. exchange_calendars itself aliases
# XNAS to XNYS and XTSX to XTSE; the others are exchanges it does not model whose holidays are
# set with the one named (the same market's second board or exchange).
ALIASES = [
    ("XNAS", "XNYS", "Nasdaq", "exchange_calendars aliases XNAS to XNYS: the US equity markets share their holidays"),
    ("XTSX", "XTSE", "TSX Venture Exchange", "exchange_calendars aliases XTSX to XTSE"),
    ("XNSE", "XBOM", "National Stock Exchange of India",
     "not modelled by exchange_calendars; NSE and BSE publish the same trading holidays"),
    ("XSHE", "XSHG", "Shenzhen Stock Exchange",
     "not modelled by exchange_calendars; the Shenzhen and Shanghai exchanges close on the same days"),
    ("XKOS", "XKRX", "KOSDAQ (Korea Exchange)", "KOSDAQ is a market of the Korea Exchange, on its sessions"),
]

# Exchanges taken from pandas_market_calendars' own calendar (by its name) instead.
FROM_MCAL = {"XNYS": "NYSE", "XHKG": "HKEX", "XTKS": "JPX"}
# Exchanges whose early closes pandas_market_calendars does not model: exchange_calendars'
# closes are taken for the sessions both have (Hong Kong's half days before Christmas, the
# new year and the lunar new year).
CLOSES_FROM_XC = {"XHKG"}
# The exchange's own time zone where the library uses a neighbour's (same offset since 1990).
TIME_ZONES = {"XHKG": "Asia/Hong_Kong"}

FIRST = {"XNYS": "1885-01-01"}
DEFAULT_FIRST = "1990-01-01"
LAST = "2030-12-31"
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def base36(n: int) -> str:
    if n == 0:
        return "0"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = DIGITS[r] + out
    return out


def gaps(days, before):
    """Day gaps between consecutive dates, starting from `before` (the day before the span)."""
    out, last = [], before
    for day in days:
        out.append((day - last).days)
        last = day
    return out


def calendar(mic):
    """The calendar over the widest span exchange_calendars allows within FIRST … LAST, and that
    span (its sessions start at the span's first trading day and may end before its end)."""
    first = pd.Timestamp(FIRST.get(mic, DEFAULT_FIRST))
    factory = xc.calendar_utils.global_calendar_dispatcher._calendar_factories[mic]
    bound_min = factory.bound_min() if hasattr(factory, "bound_min") else None
    bound_max = factory.bound_max() if hasattr(factory, "bound_max") else None
    if bound_min is not None and bound_min > first:
        first = bound_min
    last = pd.Timestamp(LAST)
    if bound_max is not None and bound_max < last:
        last = bound_max
    cal = xc.get_calendar(mic, start=first.strftime("%Y-%m-%d"), end=last.strftime("%Y-%m-%d"))
    return cal, first.date(), last.date()


def hhmm(t) -> str:
    return f"{t.hour:02d}{t.minute:02d}"


def local_hhmm(utc, zone: ZoneInfo) -> str:
    local = utc.to_pydatetime().astimezone(zone)
    return f"{local.hour:02d}{local.minute:02d}"


def mcal_calendar(mic):
    """pandas_market_calendars' calendar: its sessions, local closes, weekmask and stated closes."""
    cal = mcal.get_calendar(FROM_MCAL[mic])
    first = dt.date.fromisoformat(FIRST.get(mic, DEFAULT_FIRST))
    last = dt.date.fromisoformat(LAST)
    schedule = cal.schedule(start_date=first.isoformat(), end_date=last.isoformat())
    days = {"Mon": 0, "Tue": 1, "Wed": 2, "Thu": 3, "Fri": 4, "Sat": 5, "Sun": 6}
    mask = ["0"] * 7
    for name in cal.weekmask.split():
        mask[days[name]] = "1"
    stated = []
    for item in cal.regular_market_times["market_close"]:
        since, t = item[0], item[1]
        stated.append((dt.date.min if since is None else pd.Timestamp(since).date(), hhmm(t)))
    sessions = [d.date() for d in schedule.index]
    closes = list(schedule["market_close"])
    source = f"pandas_market_calendars {mcal.__version__} {FROM_MCAL[mic]}"
    if mic in CLOSES_FROM_XC:
        other, _, _ = calendar(mic)
        theirs = {d.date(): close for d, close in zip(other.sessions, other.schedule["close"])}
        closes = [theirs.get(day, close) for day, close in zip(sessions, closes)]
        source += f" (early closes: exchange_calendars {xc.__version__})"
    return first, last, TIME_ZONES.get(mic, str(cal.tz)), "".join(mask), stated, sessions, closes, source


def xc_calendar(mic):
    """exchange_calendars' calendar, likewise."""
    cal, first, last = calendar(mic)
    stated = sorted(
        ((dt.date.min if since is None else pd.Timestamp(since).date()), hhmm(t)) for since, t in cal.close_times)
    sessions = [d.date() for d in cal.sessions]
    closes = list(cal.schedule["close"])
    source = f"exchange_calendars {xc.__version__}"
    return first, last, TIME_ZONES.get(mic, str(cal.tz)), cal.weekmask, stated, sessions, closes, source


def record(mic: str) -> str:
    first, last, tz, mask, stated, sessions, closes, source = (
        mcal_calendar(mic) if mic in FROM_MCAL else xc_calendar(mic))
    zone = ZoneInfo(tz)
    session_set = set(sessions)
    holidays, extras = [], []
    day = first
    while day <= last:
        trades_usually = mask[day.weekday()] == "1"
        if trades_usually and day not in session_set:
            holidays.append(day)
        if not trades_usually and day in session_set:
            extras.append(day)
        day += dt.timedelta(days=1)

    # Regular closes as the library states them (local): the one in effect on the first day,
    # then each change inside the span.
    in_effect = [t for since, t in stated if since <= first]
    regular = [(first, in_effect[-1] if in_effect else stated[0][1])]
    for since, t in stated:
        if first < since <= last and t != regular[-1][1]:
            regular.append((since, t))

    def regular_close(day):
        close = regular[0][1]
        for since, t in regular:
            if since <= day:
                close = t
        return close

    special = []
    for session, close in zip(sessions, closes):
        local = local_hhmm(close, zone)
        if local != regular_close(session):
            special.append((session, local))

    before = first - dt.timedelta(days=1)
    fields = [
        "X", mic, NAMES[mic], tz, first.isoformat(), last.isoformat(), mask,
        ";".join(f"{d.isoformat()}={t}" for d, t in regular),
        ",".join(base36(g) for g in gaps(holidays, before)),
        ",".join(base36(g) for g in gaps(extras, before)),
        ",".join(f"{base36(g)}:{t}" for g, (_, t) in zip(gaps([d for d, _ in special], before), special)),
        source,
    ]
    return "|".join(fields)


def generate(generated: str) -> str:
    lines = [
        "# quantum exchange calendars v1",
        f"# source: exchange_calendars {xc.__version__} and pandas_market_calendars {mcal.__version__} (PyPI), "
        + f"generated {generated} by scripts/calendars/generate.py",
    ]
    for mic in sorted(NAMES):
        lines.append(record(mic))
        print(f"{mic} ✓", file=sys.stderr)
    for mic, same, name, why in ALIASES:
        lines.append("|".join(["A", mic, same, name, why]))
    return "\n".join(lines) + "\n"


SWIFT = '''// Generated by scripts/calendars/generate.py from {version} on {generated}.
// Do not edit: run the script (see its header) and commit the result.

/// The exchange calendars the binary carries, in the text format `ExchangeCalendars` reads.
enum ExchangeCalendarData {{
    static let text = #"""
{text}
        """#
}}
'''


def main():
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--text", metavar="FILE", help="write the data as a text file instead of the Swift file")
    parser.add_argument("--generated", default=dt.date.today().isoformat(), help="the date stamped in the data")
    args = parser.parse_args()
    text = generate(args.generated)
    if args.text:
        Path(args.text).write_text(text, encoding="utf-8")
        return
    swift = here.parent.parent / "Sources/QuantumCore/Calendar/ExchangeCalendarData.swift"
    swift.write_text(
        SWIFT.format(
            version=f"exchange_calendars {xc.__version__} and pandas_market_calendars {mcal.__version__}",
            generated=args.generated,
            text="\n".join("        " + line for line in text.rstrip("\n").split("\n"))),
        encoding="utf-8")
    print(f"wrote {swift} ({swift.stat().st_size:,} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
