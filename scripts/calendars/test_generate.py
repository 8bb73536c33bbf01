#!/usr/bin/env python3
"""Tests of the calendar generator: its encoding, and (where exchange_calendars is installed,
see requirements.txt) that the data the binary carries is what the generator makes now.

    python3 scripts/calendars/test_generate.py
"""
import datetime as dt
import re
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402

SWIFT = Path(__file__).resolve().parents[2] / "Sources/QuantumCore/Calendar/ExchangeCalendarData.swift"


def committed_records():
    text = SWIFT.read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines()]
    return {line.split("|")[1]: line for line in lines if line.startswith(("X|", "A|"))}


class Encoding(unittest.TestCase):
    def test_base36_round_trips(self):
        for n in [0, 1, 9, 10, 35, 36, 1295, 1296, 46655, 123456]:
            self.assertEqual(int(generate.base36(n), 36), n)

    def test_gaps_count_days_from_the_day_before(self):
        before = dt.date(2024, 12, 31)
        days = [dt.date(2025, 1, 1), dt.date(2025, 1, 20), dt.date(2025, 2, 17)]
        self.assertEqual(generate.gaps(days, before), [1, 19, 28])

    def test_every_committed_record_has_its_fields(self):
        records = committed_records()
        self.assertGreaterEqual(len([r for r in records.values() if r.startswith("X|")]), 50)
        for mic, record in records.items():
            fields = record.split("|")
            if fields[0] == "X":
                self.assertEqual(len(fields), 12, mic)
                self.assertRegex(fields[6], r"^[01]{7}$")
                self.assertTrue(all(re.fullmatch(r"[0-9a-z]+", g) for g in fields[8].split(",") if g), mic)
            else:
                self.assertIn(fields[2], records, mic)


@unittest.skipIf(
    generate.xc is None or generate.mcal is None,
    "exchange_calendars and pandas_market_calendars are not installed (scripts/calendars/requirements.txt)")
class AgainstTheLibrary(unittest.TestCase):
    def test_the_committed_data_is_what_the_generator_makes(self):
        records = committed_records()
        for mic in ["XNYS", "XLON", "XHKG", "XFRA", "XTKS"]:
            self.assertEqual(generate.record(mic), records[mic], mic)

    def test_known_closures(self):
        _, _, _, _, _, sessions, _, _ = generate.mcal_calendar("XNYS")
        sessions = {day.isoformat() for day in sessions}
        for day in ["1985-09-27", "1994-04-27", "1977-07-14", "1963-11-25", "1963-11-28", "1950-12-25"]:
            self.assertNotIn(day, sessions)
        self.assertIn("1890-01-04", sessions)  # a Saturday session


if __name__ == "__main__":
    unittest.main()
