"""team_makespan_ratio for scripts/bench: 4 quantum processes sharing one PostgreSQL database (the
team set-up) pull 50 tickers each under one key's limits per source (4/s, 3/s, 2/s, 1/s), against
the simulator enforcing the same limits; the makespan of all 200 (the longest batch's own clock,
as makespan_ratio; team_wall_s adds the processes' start) against the bound (N/Σr − 1) × window
(N every request the processes sent, as makespan_ratio counts them),
and the limit violations the simulator saw. Needs QUANTUM_TEST_DATABASE_URL (scripts/bench
runs under scripts/with-postgres); without it the figures are left out.

sqlite_team_makespan_ratio: the same 4 processes on one machine with no database, sharing
Polygon's key at 20/s through the SQLite ledger of one state folder.
"""
import json
import os
import subprocess
import time
import uuid

from bench import Simulator, synthetic, log, QUANTUM

LIMITS = {"polygon": "4/s", "fmp": "3/s", "alphavantage": "2/s", "eodhd": "1/s"}


def fresh_database(url: str) -> str:
    """A new database on the server at `url`; its URL."""
    name = "quantum_bench_" + uuid.uuid4().hex
    subprocess.run(["psql", url, "-q", "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    base, _, query = url.partition("?")
    return base.rsplit("/", 1)[0] + "/" + name + ("?" + query if query else "")


PROCESSES, PER_PROCESS = 4, 50


def pull_together(limits: dict, environment) -> dict:
    """PROCESSES quantum processes of PER_PROCESS tickers each, started together against one
    simulator enforcing `limits` (warmed first, then a clean second); process p runs with
    `environment(sim, p)`. The requests they sent, the violations the simulator saw, the
    processes' JSON reports (None when one failed, its error logged) and the wall seconds."""
    tickers, start, end = synthetic(PROCESSES * PER_PROCESS), "2026-09-25", "2026-11-24"
    with Simulator() as sim:
        sim.warm(tickers, start, end)
        sim.set_limits(limits)
        time.sleep(1.1)
        before = sim.stats()["total"]
        runs = []
        began = time.perf_counter()
        for p in range(PROCESSES):
            mine = tickers[p * PER_PROCESS:(p + 1) * PER_PROCESS]
            command = [QUANTUM, "--json", "--no-cache", "batch", *mine, "--from", start, "--to", end]
            runs.append(subprocess.Popen(command, env=environment(sim, p), stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, text=True))
        outputs = [run.communicate() for run in runs]
        seconds = time.perf_counter() - began
        after = sim.stats()["total"]
    failed = any(run.returncode != 0 for run in runs)
    if failed:
        log("  a process failed: " + " | ".join(err.strip()[-300:] for _, err in outputs))
    return {
        "requests": after["requests"] - before["requests"], "violations": after["violations"] - before["violations"],
        "reports": None if failed else [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs],
        "seconds": seconds,
    }


def figures(prefix: str, pulled: dict, rate: float) -> dict:
    """The makespan of all the processes' tickers (the longest batch's own clock, as makespan_ratio;
    `_wall_s` adds the processes' start) against the bound (N/rate − 1) × 1 s, N every request they
    sent (each takes a slot of the shared limits, as makespan_ratio counts them)."""
    if pulled["reports"] is None:
        return {f"{prefix}_limit_violations": pulled["violations"]}
    bound = (pulled["requests"] / rate - 1) * 1.0
    makespan = max(report["elapsed_ms"] for report in pulled["reports"]) / 1000
    return {
        f"{prefix}_makespan_s": makespan, f"{prefix}_makespan_bound_s": round(bound, 3),
        f"{prefix}_requests_per_ticker": round(pulled["requests"] / (PROCESSES * PER_PROCESS), 2),
        f"{prefix}_makespan_ratio": round(makespan / bound, 3), f"{prefix}_limit_violations": pulled["violations"],
        f"{prefix}_served": sum(report["summary"]["ok"] for report in pulled["reports"]),
        f"{prefix}_wall_s": round(pulled["seconds"], 2),
    }


def team_makespan(quick: bool) -> dict:
    url = os.environ.get("QUANTUM_TEST_DATABASE_URL")
    if not url:
        log("  team: QUANTUM_TEST_DATABASE_URL is not set; skipped")
        return {}
    database = fresh_database(url)

    def environment(sim, p: int) -> dict:
        return sim.environment(LIMITS) | {"QUANTUM_DATABASE_URL": database}

    return figures("team", pull_together(LIMITS, environment), rate=10)


def sqlite_team_makespan(quick: bool) -> dict:
    """The same 4 processes on one machine with no database, sharing one key's 20/s limit through
    the SQLite ledger of their common state folder: Polygon's key alone, the simulator enforcing
    20/s."""
    limits = {"polygon": "20/s"}
    shared: dict = {}

    def environment(sim, p: int) -> dict:
        if not shared:
            shared.update(sim.environment(limits))
            for source in ("FMP", "ALPHAVANTAGE", "EODHD"):
                del shared[f"{source}_API_KEY"]
        return shared

    return figures("sqlite_team", pull_together(limits, environment), rate=20)
