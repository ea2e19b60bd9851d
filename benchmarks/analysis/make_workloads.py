#!/usr/bin/env python3
"""Writes the extra workloads of the generality runs in benchmarks/README.md to a directory of your choice.

  nasa-hourly.csv  the NASA 1995 trace summed per hour (a coarse trace, as hourly page views are published)
  sine.csv         five days of a smooth daily sine, per minute, no noise
  office.csv       a week of office hours: zero at night and at weekends, a Poisson-noisy hump from 7 to 19 on weekdays
  bursty.csv       four days of a low Poisson load with bursts of ten times as much, 3 to 20 minutes long, 1% per minute

The synthetic ones are seeded, so every run writes the same files. The NASA one reads ../shared/traces; nothing is
copied into the repository.

Usage (from the repository root):
  python3 benchmarks/analysis/make_workloads.py /tmp/workloads
  scalesets simulate --trace /tmp/workloads/office.csv
"""
import csv
import datetime
import math
import os
import random
import sys

START = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)


def poisson(rng, mean):
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p < limit:
            return k
        k += 1


def write(path, rows):
    with open(path, "w", newline="") as f:
        f.write("timestamp,value\n")
        for minute, value in rows:
            f.write(f"{START + datetime.timedelta(minutes=minute):%Y-%m-%dT%H:%M:%SZ},{value}\n")


def nasa_hourly(traces, path):
    hours = {}
    with open(os.path.join(traces, "nasa-http-1995-per-minute.csv"), newline="") as f:
        for row in csv.DictReader(f):
            if row["value"] in ("", "NA"):
                continue
            hour = row["timestamp"][:13] + ":00:00Z"
            hours[hour] = hours.get(hour, 0.0) + float(row["value"])
    with open(path, "w", newline="") as f:
        f.write("timestamp,value\n")
        for hour in sorted(hours):
            f.write(f"{hour},{hours[hour]}\n")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    traces = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "traces"))
    nasa_hourly(traces, os.path.join(out, "nasa-hourly.csv"))
    write(os.path.join(out, "sine.csv"), ((m, f"{1000 + 800 * math.sin(2 * math.pi * m / 1440):.1f}") for m in range(5 * 1440)))

    rng = random.Random(5)
    office = []
    for m in range(7 * 1440):
        hour, weekday = (m // 60) % 24, (m // 1440) % 7
        mean = 0 if hour < 7 or hour >= 19 or weekday >= 5 else 600 * math.sin(math.pi * (hour - 7 + (m % 60) / 60) / 12)
        office.append((m, poisson(rng, mean)))
    write(os.path.join(out, "office.csv"), office)

    bursty, left = [], 0
    for m in range(4 * 1440):
        if left == 0 and rng.random() < 0.01:
            left = rng.randint(3, 20)
        mean = 200 * (10 if left > 0 else 1)
        left = max(0, left - 1)
        bursty.append((m, poisson(rng, mean)))
    write(os.path.join(out, "bursty.csv"), bursty)


if __name__ == "__main__":
    main()
