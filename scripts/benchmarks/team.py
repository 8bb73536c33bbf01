"""team_makespan_ratio for scripts/bench: 4 quantum processes sharing one PostgreSQL database (the
team set-up) pull 50 tickers each under one key's limits per source (4/s, 3/s, 2/s, 1/s), against
the simulator enforcing the same limits; the makespan of all 200 (the longest batch's own clock,
as makespan_ratio; team_wall_s adds the processes' start) against the bound (N/Σr − 1) × window
(N every request the processes sent, as makespan_ratio counts them),
and the limit violations the simulator saw. Needs QUANTUM_TEST_DATABASE_URL (scripts/bench
runs under scripts/with-postgres); without it the figures are left out.
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


def team_makespan(quick: bool) -> dict:
    url = os.environ.get("QUANTUM_TEST_DATABASE_URL")
    if not url:
        log("  team: QUANTUM_TEST_DATABASE_URL is not set; skipped")
        return {}
    processes, per_process, rate = 4, 50, 10
    n = processes * per_process
    tickers, start, end = synthetic(n), "2026-09-25", "2026-11-24"
    with Simulator() as sim:
        sim.warm(tickers, start, end)
        sim.set_limits(LIMITS)
        time.sleep(1.1)
        before = sim.stats()["total"]
        database = fresh_database(url)
        runs = []
        began = time.perf_counter()
        for p in range(processes):
            env = sim.environment(LIMITS)
            env["QUANTUM_DATABASE_URL"] = database
            mine = tickers[p * per_process:(p + 1) * per_process]
            command = [QUANTUM, "--json", "--no-cache", "batch", *mine, "--from", start, "--to", end]
            runs.append(subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        outputs = [run.communicate() for run in runs]
        seconds = time.perf_counter() - began
        after = sim.stats()["total"]
    violations = after["violations"] - before["violations"]
    # Every request the processes sent takes a slot of the shared limits (as makespan_ratio).
    requests = after["requests"] - before["requests"]
    bound = (requests / rate - 1) * 1.0
    if any(run.returncode != 0 for run in runs):
        log("  team: a process failed: " + " | ".join(err.strip()[-300:] for _, err in outputs))
        return {"team_limit_violations": violations}
    reports = [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs]
    # As makespan_ratio: the batches' own clocks (the longest), not the processes' start-up.
    makespan = max(report["elapsed_ms"] for report in reports) / 1000
    return {
        "team_makespan_s": makespan, "team_makespan_bound_s": round(bound, 3),
        "team_requests_per_ticker": round(requests / n, 2),
        "team_makespan_ratio": round(makespan / bound, 3), "team_limit_violations": violations,
        "team_served": sum(report["summary"]["ok"] for report in reports), "team_wall_s": round(seconds, 2),
    }
