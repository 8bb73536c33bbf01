"""scripts/bench (this file, via scripts/bench): every figure measured in the same run, against the simulator on loopback.

Whole-process figures are driven here (quantum and `quantum sim serve` as separate processes, the
way a user runs them); in-process ones come from `quantum-bench`. Prints a table, or with
--json one JSON object. --quick shortens the repetitions (not the workloads' shapes).

Benchmarks are not tests: nothing here decides whether CI passes.
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
QUANTUM = os.path.join(ROOT, ".build", "release", "quantum")
QUANTUM_BENCH = os.path.join(ROOT, ".build", "release", "quantum-bench")
TODAY = "2026-11-25"
SOURCES = ["polygon", "fmp", "alphavantage", "eodhd"]


def synthetic(n: int) -> list[str]:
    return [f"SYN{i:04d}" for i in range(1, n + 1)]


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


class Simulator:
    """`quantum sim serve` on an ephemeral port, for the length of a `with` block."""

    def __init__(self, *flags: str):
        self.flags = list(flags)

    def __enter__(self) -> "Simulator":
        self.process = subprocess.Popen(
            [QUANTUM, "sim", "serve", "--port", "0", "--today", TODAY, *self.flags],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        first = self.process.stdout.readline()
        self.base = next(word for word in first.split() if word.startswith("http://"))
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def stats(self) -> dict:
        with urllib.request.urlopen(self.base + "/_sim/stats") as response:
            return json.load(response)

    def set_limits(self, limits: dict[str, str]) -> None:
        for source, spec in limits.items():
            body = json.dumps({"source": source, "limits": spec}).encode()
            urllib.request.urlopen(urllib.request.Request(self.base + "/_sim/limits", data=body, method="POST")).read()

    def warm(self, tickers: list[str], start: str, end: str) -> None:
        """Asks once for every ticker, so the market has generated their series (as a provider's
        data already exists) before anything is timed."""
        run_batch(self.environment(), tickers, start, end, "--concurrency", "16")

    def environment(self, limits: dict[str, str] | None = None) -> dict[str, str]:
        """Live mode against this simulator: a key and base URL per source, fresh XDG folders."""
        env = {k: v for k, v in os.environ.items() if not k.endswith(("_API_KEY", "_BASE_URL", "_LIMITS")) and not k.startswith("XDG_")}
        home = tempfile.mkdtemp(prefix="quantum-bench-")
        env.update(XDG_STATE_HOME=home + "/state", XDG_CACHE_HOME=home + "/cache", XDG_CONFIG_HOME=home + "/config")
        for source in SOURCES:
            prefix = source.upper()
            env[f"{prefix}_API_KEY"] = f"bench-{source}"
            env[f"{prefix}_BASE_URL"] = self.base
            env[f"{prefix}_LIMITS"] = (limits or {}).get(source, "none")
        return env


def run_batch(env: dict, tickers: list[str], start: str, end: str, *extra: str) -> dict:
    command = [QUANTUM, "--json", "--no-cache", "batch", *tickers, "--from", start, "--to", end, *extra]
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def makespan(quick: bool) -> dict:
    """200 tickers under strict per-source limits, against the bound (N/Σr − 1) × window, where N
    counts every request the batch sent: a ticker's bars and the corporate-actions reads its
    basis needs (its splits, asked of a second source when the first reports none) each take a
    slot, so the bound is what a limiter that never leaves a slot unused would take."""
    limits = {"polygon": "20/s", "fmp": "10/s", "alphavantage": "5/s", "eodhd": "5/s"}
    n, rate = 200, 40
    # A recent range (the last two months), as most pulls are: Alpha Vantage answers it with its
    # compact output (100 days) rather than the whole history.
    tickers, start, end = synthetic(n), "2026-09-25", "2026-11-24"
    with Simulator() as sim:
        sim.warm(tickers, start, end)
        # The provider's limits from now on, and a clean second before the timed batch.
        sim.set_limits(limits)
        time.sleep(1.1)
        before = sim.stats()["total"]
        report = run_batch(sim.environment(limits), tickers, start, end)
        after = sim.stats()["total"]
    requests = after["requests"] - before["requests"]
    bound = (requests / rate - 1) * 1.0
    seconds = report["elapsed_ms"] / 1000
    return {
        "makespan_s": seconds, "makespan_bound_s": round(bound, 3), "makespan_ratio": round(seconds / bound, 3),
        "makespan_requests_per_ticker": round(requests / n, 2),
        "limit_violations": after["violations"] - before["violations"], "makespan_served": report["summary"]["ok"],
    }


def vs_python(quick: bool) -> dict:
    """500 tickers × 1 year, no limits, 16 in flight: quantum against asyncio + aiohttp + pandas."""
    tickers = synthetic(500)
    start, end = "2025-11-03", "2026-10-30"
    ensure_python_peer()
    rounds = 2 if quick else 4
    ours, theirs, capacity = [], [], None
    # CPU seconds per fetch of each whole process (user + system, rusage of the child).
    our_cpu, their_cpu = [], []
    with Simulator() as sim:
        env = sim.environment()
        sim.warm(tickers, start, end)

        def quantum_round() -> None:
            before = children_cpu()
            report = run_batch(env, tickers, start, end, "--concurrency", "16")
            our_cpu.append((children_cpu() - before) / len(tickers))
            assert report["summary"]["ok"] == len(tickers), report["summary"]
            ours.append(len(tickers) / (report["elapsed_ms"] / 1000))

        def python_round() -> None:
            before = children_cpu()
            peer = subprocess.run(
                [sys.executable, os.path.join(ROOT, "scripts", "benchmarks", "peer.py"), sim.base, start, end, *tickers],
                capture_output=True, text=True, check=True)
            their_cpu.append((children_cpu() - before) / len(tickers))
            theirs.append(json.loads(peer.stdout)["fetches_per_s"])

        # Alternating, so neither side always runs on a machine the other just warmed.
        for i in range(rounds):
            for measure in ((quantum_round, python_round) if i % 2 == 0 else (python_round, quantum_round)):
                measure()
        capacity = simulator_capacity(
            sim.base, [f"/v2/aggs/ticker/{t}/range/1/day/{start}/{end}?apiKey=bench" for t in tickers], 3 if quick else 8)
    best_ours, best_theirs = max(ours), max(theirs)
    return {
        "quantum_fetches_per_s": round(best_ours, 1), "python_fetches_per_s": round(best_theirs, 1),
        "vs_python": round(best_ours / best_theirs, 2), "simulator_capacity_req_per_s": capacity,
        "quantum_cpu_ms_per_fetch": round(min(our_cpu) * 1000, 3),
        "python_cpu_ms_per_fetch": round(min(their_cpu) * 1000, 3),
        "vs_python_cpu": round(min(their_cpu) / min(our_cpu), 2),
        "fraction_of_capacity": round(best_ours / capacity, 2) if capacity else None,
    }


def children_cpu() -> float:
    """User + system CPU seconds of the child processes waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def simulator_capacity(base: str, paths: list[str], seconds: int) -> float | None:
    """Requests per second the simulator answers on the benchmark's own workload — its distinct
    ticker-years in turn, as the clients ask them — by wrk (16 connections), after one pass that
    lets it render each answer once (it keeps rendered answers, as a provider's caches do)."""
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True)
    if shutil.which("wrk") is None:
        log("wrk is not installed: simulator capacity not measured")
        return None
    with tempfile.TemporaryDirectory() as folder:
        script = os.path.join(folder, "rotate.lua")
        with open(script, "w") as f:
            f.write("local paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n")
            f.write("local i = 0\nrequest = function()\n  i = i % #paths + 1\n"
                    "  return wrk.format('GET', paths[i])\nend\n")
        subprocess.run(["wrk", "-t2", "-c16", "-d1s", "-s", script, base], capture_output=True, text=True)
        out = subprocess.run(
            ["wrk", "-t2", "-c16", f"-d{seconds}s", "-s", script, base], capture_output=True, text=True).stdout
    line = next((l for l in out.splitlines() if l.startswith("Requests/sec:")), None)
    return float(line.split()[1]) if line else None


def ensure_python_peer() -> None:
    try:
        import aiohttp  # noqa: F401
        import pandas  # noqa: F401
    except ImportError:
        log("installing the Python peer's stack (aiohttp, pandas) from PyPI…")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "aiohttp", "pandas"], check=True)


def speedup_5(quick: bool) -> dict:
    """5 tickers with 100 ms of latency per request: parallel against one at a time."""
    tickers = synthetic(5)
    rounds = 2 if quick else 5
    serial, parallel = [], []
    with Simulator("--latency", "100ms") as sim:
        env = sim.environment()
        sim.warm(tickers, "2026-10-01", "2026-10-31")
        for _ in range(rounds):
            serial.append(run_batch(env, tickers, "2026-10-01", "2026-10-31", "--concurrency", "1")["elapsed_ms"])
            parallel.append(run_batch(env, tickers, "2026-10-01", "2026-10-31", "--concurrency", "5")["elapsed_ms"])
    return {"serial_ms": statistics.median(serial), "parallel_ms": statistics.median(parallel),
            "speedup_5": round(statistics.median(serial) / statistics.median(parallel), 2)}


def measured_run(command: list[str], env: dict) -> tuple[int, float, float]:
    """Runs `command` (output discarded) under GNU time; returns its exit status, its peak resident
    memory in MB and its seconds. A child's peak counts the memory of the process that forked it
    (Linux keeps the high-water mark across exec), so the child is forked by `time`, not by this
    script, which holds earlier measurements' output."""
    if shutil.which("time") is None and not os.path.exists("/usr/bin/time"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "time"], capture_output=True)
    with tempfile.NamedTemporaryFile(mode="r", suffix=".rss") as report:
        began = time.perf_counter()
        status = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, *command], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        seconds = time.perf_counter() - began
        kilobytes = int(report.read().strip().splitlines()[-1])
    return status, round(kilobytes / 1024, 1), seconds


def peak_rss(quick: bool) -> dict:
    """2,000 tickers × 5 years in one batch: the quantum process's peak resident memory."""
    tickers = synthetic(2000)
    with Simulator() as sim:
        status, rss, seconds = measured_run(
            [QUANTUM, "--no-cache", "batch", *tickers, "--from", "2021-11-01", "--to", "2026-10-30", "--concurrency", "16"],
            sim.environment())
    if status != 0:
        raise RuntimeError(f"the 2,000-ticker batch exited with status {status}")
    return {"batch_peak_rss_mb": rss, "batch_2000x5y_s": round(seconds, 1)}


def cold_start(quick: bool) -> dict:
    """`quantum -c sources` from exec to exit (no keys: the simulator starts in process)."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env["XDG_STATE_HOME"] = env["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="quantum-bench-")
    times = []
    for _ in range(10 if quick else 30):
        began = time.perf_counter()
        subprocess.run([QUANTUM, "-c", "sources"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - began) * 1000)
    return {"cold_start_ms": round(statistics.median(times), 1)} | cached_fetch_process(quick)


def cached_fetch_process(quick: bool) -> dict:
    """`quantum -c "fetch AAPL …"` (one year) from exec to exit, answered from the SQLite cache a
    first run filled (the simulator is stopped first: a request would fail the fetch), against the
    same command asking the simulator (`--no-cache`)."""
    command = [QUANTUM, "--json", "-c", "fetch AAPL --from 2025-11-03 --to 2026-10-30"]

    def median_ms(env: dict, *flags: str, cached: int) -> float:
        times = []
        for _ in range(10 if quick else 30):
            began = time.perf_counter()
            out = subprocess.run(command[:1] + list(flags) + command[1:], env=env, capture_output=True, text=True, check=True)
            times.append((time.perf_counter() - began) * 1000)
            result = json.loads(out.stdout)
            if not result["ok"] or result["cached"] != cached:
                raise RuntimeError(f"expected {cached} cached candles: {out.stdout[:300]}")
        return round(statistics.median(times), 1)

    with Simulator() as sim:
        env = sim.environment()
        subprocess.run(command, env=env, capture_output=True, check=True)
        asking = median_ms(env, "--no-cache", cached=0)
    cached = median_ms(env, cached=250)
    return {"cached_fetch_process_ms": cached, "simulator_fetch_process_ms": asking}


def stream(quick: bool) -> dict:
    import stream as streamed  # scripts/benchmarks/stream.py
    return streamed.stream_rss(sys.modules[__name__], quick)


def actions_500(quick: bool) -> dict:
    """`actions` for 500 tickers, one after another in one `quantum run` script (each ticker's
    ledger from every source and feed, no limits, `--no-cache`), against a batch of the same 500
    tickers' bars (the path it extends: each of those reads the ticker's splits too)."""
    tickers = synthetic(500)
    with Simulator() as sim:
        env = sim.environment()
        sim.warm(tickers, "2025-11-03", "2026-10-30")
        with tempfile.NamedTemporaryFile("w", suffix=".qscript", delete=False) as script:
            script.write("".join(f"actions {t} --from 2016-01-01\n" for t in tickers))
        began = time.perf_counter()
        run = subprocess.run([QUANTUM, "--json", "--no-cache", "run", script.name], env=env, capture_output=True,
                             text=True)
        seconds = time.perf_counter() - began
        os.remove(script.name)
        objects = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
        answered = sum(1 for o in objects if o.get("command") == "actions" and not o.get("error"))
        if run.returncode != 0 or answered != len(tickers):
            raise RuntimeError(f"actions for 500 tickers: exit {run.returncode}, {answered} answered: {run.stderr[-300:]}")
        bars = run_batch(env, tickers, "2025-11-03", "2026-10-30", "--concurrency", "16")
    return {"actions_500_s": round(seconds, 2), "actions_per_s": round(len(tickers) / seconds, 1),
            "actions_vs_batch_500": round(seconds / (bars["elapsed_ms"] / 1000), 2)}


def in_process(quick: bool) -> dict:
    output = subprocess.run([QUANTUM_BENCH] + (["--quick"] if quick else []), capture_output=True, text=True, check=True).stdout
    return json.loads(output)


TARGETS = [
    ("makespan_ratio", "≤ 1.05", lambda v: v <= 1.05),
    ("team_makespan_ratio", "≤ 1.05", lambda v: v <= 1.05),
    ("team_limit_violations", "0", lambda v: v == 0),
    ("limit_violations", "0", lambda v: v == 0),
    ("vs_python", "≥ 5", lambda v: v >= 5),
    ("vs_python_cpu", "≥ 5", lambda v: v >= 5),
    ("speedup_5", "≥ 4.5", lambda v: v >= 4.5),
    ("decode_candles_per_s_min", "≥ 1,000,000", lambda v: v >= 1_000_000),
    ("decode_bytes_per_s_min", "≥ 1 GB/s", lambda v: v >= 1_000_000_000),
    ("batch_peak_rss_mb", "< 300", lambda v: v < 300),
    ("cold_start_ms", "< 60", lambda v: v < 60),
    ("cache_speedup", "≥ 50", lambda v: v >= 50),
    ("cached_split_dividend_vs_raw", "≤ 1.5", lambda v: v <= 1.5),
    ("serve_vs_fastapi", "≥ 5", lambda v: v >= 5),
    ("serve_p99_ms", "< 10", lambda v: v < 10),
    ("cache_speedup_new_process", "≥ 5", lambda v: v >= 5),
    ("stream_peak_rss_mb_max", "< 100", lambda v: v < 100),
    ("stream_rss_ratio", "≤ 1.10", lambda v: v <= 1.10),
    ("sqlite_ledger_grant_p99_ms", "< 2", lambda v: v < 2),
    ("sqlite_team_makespan_ratio", "≤ 1.05", lambda v: v <= 1.05),
    ("sqlite_team_limit_violations", "0", lambda v: v == 0),
    ("cached_non_us_vs_us", "≤ 1.10", lambda v: v <= 1.10),
    ("parquet_vs_ndjson", "≥ 1", lambda v: v >= 1),
    ("parquet_rss_ratio", "≤ 1.10", lambda v: v <= 1.10),
]


def main() -> None:
    import serve_bench  # the serve figures (it imports this module's helpers)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (under 5 minutes on 2 cores)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    figures: dict = {"quick": args.quick}
    from team import team_makespan, sqlite_team_makespan
    for name, measure in [("makespan", makespan), ("team", team_makespan), ("sqlite team", sqlite_team_makespan),
                          ("vs_python", vs_python), ("actions", actions_500),
                          ("speedup_5", speedup_5), ("in-process", in_process), ("peak_rss", peak_rss),
                          ("cold_start", cold_start), ("serve", serve_bench.serve_vs_fastapi),
                          ("stream", stream)]:
        log(f"measuring {name}…")
        began = time.perf_counter()
        figures.update(measure(args.quick))
        log(f"  {name}: {time.perf_counter() - began:.1f}s")
    figures["targets_met"] = {name: check(figures[name]) for name, _, check in TARGETS if figures.get(name) is not None}
    if args.json:
        print(json.dumps(figures))
        return
    print(f"{'figure':<28}{'value':>16}  {'target':<14}met")
    for name, target, check in TARGETS:
        value = figures.get(name)
        shown = "n/a" if value is None else f"{value:,}" if isinstance(value, int) else f"{value}"
        print(f"{name:<28}{shown:>16}  {target:<14}{'yes' if value is not None and check(value) else 'NO'}")
    print()
    for name, value in figures.items():
        if name not in dict((t[0], 1) for t in TARGETS) and name != "targets_met":
            print(f"  {name}: {json.dumps(value)}")


if __name__ == "__main__":
    main()
