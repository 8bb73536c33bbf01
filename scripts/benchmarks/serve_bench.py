"""`serve_vs_fastapi` and `serve_p99_ms`: `quantum serve` against the seed's example 3 (FastAPI +
uvicorn, fastapi_peer.py, pip-installed when missing) on the same simulator and the same workload —
GET /stock/{ticker} over 200 tickers in rotation, driven by wrk on loopback.

Figures: requests/s of each; `serve_vs_fastapi` is the ratio with no cache hits on either side
(`quantum serve --no-cache`: every request asks the simulator, as the peer does);
`serve_vs_fastapi_cached` with quantum serving from its cache (the peer has none); `serve_p99_ms`
is wrk's 99th-percentile latency on cache hits at half the measured cached maximum rate.
"""
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

import datetime
import zoneinfo

from bench import QUANTUM, Simulator, log, synthetic

HERE = os.path.dirname(os.path.abspath(__file__))
# quantum serve's ranges end today in New York: the simulator's market and the peer end there too.
TODAY = datetime.datetime.now(zoneinfo.ZoneInfo("America/New_York")).date().isoformat()
CONNECTIONS = 32


def ensure_peer_packages() -> None:
    try:
        import fastapi, httpx, uvicorn  # noqa: F401
    except ImportError:
        log("installing fastapi, uvicorn and httpx for the serve peer…")
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "fastapi", "uvicorn", "httpx"], check=True)


def wait_until_up(url: str, process: subprocess.Popen) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with status {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not come up")


class QuantumServe:
    """`quantum serve` in live mode against the simulator (limits off), its log in a file."""

    def __init__(self, sim: Simulator, *flags: str):
        self.env, self.flags = sim.environment(), list(flags)

    def __enter__(self) -> "QuantumServe":
        self.log = tempfile.NamedTemporaryFile(prefix="quantum-serve-", suffix=".log", delete=False)
        self.process = subprocess.Popen([QUANTUM, "serve", "--port", "0", *self.flags], env=self.env,
                                        stdout=subprocess.DEVNULL, stderr=self.log)
        for _ in range(300):
            with open(self.log.name) as f:
                found = re.search(r"listening on (http://\S+)", f.read())
            if found:
                self.base = found.group(1)
                return self
            time.sleep(0.05)
        raise RuntimeError("quantum serve did not say where it listens")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        os.unlink(self.log.name)


class FastAPIPeer:
    def __init__(self, sim: Simulator):
        self.upstream = sim.base

    def __enter__(self) -> "FastAPIPeer":
        import socket
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = dict(os.environ, PEER_UPSTREAM=self.upstream, PEER_TODAY=TODAY)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "fastapi_peer:app", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "warning", "--no-access-log"], cwd=HERE, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{port}"
        wait_until_up(self.base + "/openapi.json", self.process)
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def wrk(base: str, tickers: list[str], seconds: int, delay_ms: float | None = None) -> dict:
    """Requests/s and latency percentiles (ms) of GET /stock/{ticker} over `tickers` in rotation."""
    script = "local tickers = {" + ",".join(f'"{t}"' for t in tickers) + "}\n"
    script += "local n = math.random(#tickers)\n"
    script += 'request = function() n = n % #tickers + 1 return wrk.format("GET", "/stock/" .. tickers[n]) end\n'
    if delay_ms is not None:
        script += f"delay = function() return {delay_ms:.3f} end\n"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    try:
        out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-s", f.name, base],
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(f.name)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{base}: {errors.group(1)} requests failed\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    percentiles = {}
    for pct, value, unit in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M):
        percentiles[pct] = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    return {"rps": rps, "p50_ms": percentiles.get("50"), "p99_ms": percentiles.get("99")}


def warm(base: str, tickers: list[str]) -> None:
    for t in tickers:
        urllib.request.urlopen(f"{base}/stock/{t}", timeout=30).read()


def serve_vs_fastapi(quick: bool) -> dict:
    ensure_peer_packages()
    seconds = 3 if quick else 10
    tickers = synthetic(200)
    with Simulator("--today", TODAY) as sim:
        with QuantumServe(sim) as cached:
            warm(cached.base, tickers)  # the market generates each series; quantum's cache holds them
            hits = wrk(cached.base, tickers, seconds)
            # Half the maximum rate: each connection waits between its requests.
            paced = wrk(cached.base, tickers, seconds, delay_ms=CONNECTIONS * 1000 / (hits["rps"] / 2))
        with QuantumServe(sim, "--no-cache") as uncached:
            misses = wrk(uncached.base, tickers, seconds)
        with FastAPIPeer(sim) as peer:
            warm(peer.base, tickers[:5])
            fastapi = wrk(peer.base, tickers, seconds)
    return {
        "serve_rps_cache_hits": round(hits["rps"]),
        "serve_rps_no_cache": round(misses["rps"]),
        "fastapi_rps_no_cache": round(fastapi["rps"]),
        "serve_vs_fastapi": round(misses["rps"] / fastapi["rps"], 1),
        "serve_vs_fastapi_cached": round(hits["rps"] / fastapi["rps"], 1),
        "serve_p99_ms": round(paced["p99_ms"], 2),
        "serve_p99_rps": round(paced["rps"]),
    }
