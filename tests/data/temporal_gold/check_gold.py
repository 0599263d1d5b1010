#!/usr/bin/env python3
"""Consistency checker for the temporal gold table (standard library only).

Run:  python3 tests/data/temporal_gold/check_gold.py
Checks the header, field counts, that each surface occurs exactly once in its
sentence, ISO validity, first <= last, that first/last agree with value + mod
(time16 conventions: a point covers its period; START/MID/END narrow by thirds;
an interval covers A's first day to B's last day; open sides are empty),
categories, per-file minimum row counts and duplicate sentences.
"""
import calendar
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = ["doc_date", "sentence", "surface", "value", "mod", "first", "last", "category"]
MINIMUM = {"zh_hant.tsv": 130, "zh_hans.tsv": 130, "en.tsv": 130, "traps.tsv": 70}
CATEGORIES = set("""calendar two-digit-year numeric en-ordinal relative-day relative-week weekday
relative-month relative-quarter relative-year relative-year-chained quarter half part duration span
range open-range decade century holiday lunar trap""".split())
MODS = {"", "START", "MID", "END", "APPROX"}
POINT = re.compile(r"^(\d{4})(?:-(?:(\d{2})(?:-(\d{2}))?|Q([1-4])|H([12])))?$")


def month_end(y, m):
    return date(y, m, calendar.monthrange(y, m)[1])


def point_days(p):
    """(first, last, kind) of a TIMEX point."""
    m = POINT.match(p)
    if not m:
        raise ValueError(f"bad point {p!r}")
    y, mo, d, q, h = m.groups()
    y = int(y)
    if d:
        day = date(y, int(mo), int(d))
        return day, day, "day"
    if mo:
        return date(y, int(mo), 1), month_end(y, int(mo)), "month"
    if q:
        q = int(q)
        return date(y, 3 * q - 2, 1), month_end(y, 3 * q), "quarter"
    if h:
        h = int(h)
        return date(y, 6 * h - 5, 1), month_end(y, 6 * h), "half"
    return date(y, 1, 1), date(y, 12, 31), "year"


def narrow(first, last, kind, mod):
    if mod in ("", "APPROX"):
        return first, last
    i = ["START", "MID", "END"].index(mod)
    y, m = first.year, first.month
    if kind == "year":
        bounds = [((1, 1), (4, 30)), ((5, 1), (8, 31)), ((9, 1), (12, 31))][i]
        return date(y, *bounds[0]), date(y, *bounds[1])
    if kind == "month":
        return [(date(y, m, 1), date(y, m, 10)), (date(y, m, 11), date(y, m, 20)),
                (date(y, m, 21), last)][i]
    if kind == "quarter":
        mm = m + i
        return date(y, mm, 1), month_end(y, mm)
    if kind == "half":
        mm = m + 2 * i
        return date(y, mm, 1), month_end(y, mm + 1)
    raise ValueError(f"mod {mod} on a {kind}")


def expected_days(value, mod):
    if "/" in value:
        a, b = value.split("/")
        if not a and not b:
            raise ValueError("interval with two open ends")
        if mod not in ("", "APPROX"):
            raise ValueError(f"mod {mod} on an interval")
        f = point_days(a)[0] if a else None
        l = point_days(b)[1] if b else None
        if f and l and f > l:
            raise ValueError("interval ends out of order")
        return f, l
    f, l, kind = point_days(value)
    return narrow(f, l, kind, mod)


def iso(s):
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        raise ValueError(f"not an ISO day: {s!r}")
    return date.fromisoformat(s)


def check():
    errors = []
    seen = {}
    cats = {}
    for name, minimum in MINIMUM.items():
        path = HERE / name
        lines = path.read_text(encoding="utf-8").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if lines[0].split("\t") != HEADER:
            errors.append(f"{name}: bad header")
        rows = lines[1:]
        if len(rows) < minimum:
            errors.append(f"{name}: {len(rows)} rows < {minimum}")
        cats[name] = Counter()
        for n, line in enumerate(rows, start=2):
            where = f"{name}:{n}"
            f = line.split("\t")
            if len(f) != 8:
                errors.append(f"{where}: {len(f)} fields")
                continue
            doc, sent, surf, value, mod, first, last, cat = f
            cats[name][cat] += 1
            try:
                iso(doc)
            except ValueError as e:
                errors.append(f"{where}: doc_date {e}")
            if not sent.strip() or sent != sent.strip():
                errors.append(f"{where}: empty or padded sentence")
            if sent in seen:
                errors.append(f"{where}: duplicate sentence (also {seen[sent]})")
            seen[sent] = where
            if cat not in CATEGORIES:
                errors.append(f"{where}: unknown category {cat!r}")
            if mod not in MODS:
                errors.append(f"{where}: unknown mod {mod!r}")
            if cat == "trap":
                if name != "traps.tsv":
                    errors.append(f"{where}: trap outside traps.tsv")
                if any((surf, value, mod, first, last)):
                    errors.append(f"{where}: trap row with a date field")
                continue
            if name == "traps.tsv":
                errors.append(f"{where}: non-trap row in traps.tsv")
            if not surf or sent.count(surf) != 1:
                errors.append(f"{where}: surface {surf!r} occurs {sent.count(surf) if surf else 0} times")
            try:
                ef, el = expected_days(value, mod)
                gf = iso(first) if first else None
                gl = iso(last) if last else None
                if gf and gl and gf > gl:
                    errors.append(f"{where}: first > last")
                if (ef, el) != (gf, gl):
                    errors.append(f"{where}: {value} {mod} gives {ef}..{el}, row says {first}..{last}")
            except ValueError as e:
                errors.append(f"{where}: {e}")
    return errors, cats


def main():
    errors, cats = check()
    for name, c in cats.items():
        print(f"{name}: {sum(c.values())} rows  " + ", ".join(f"{k}={v}" for k, v in sorted(c.items())))
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
