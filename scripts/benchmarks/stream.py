"""Streamed pulls for scripts/bench: `batch @FILE --export PATH.ndjson` for 2,000 and 20,000
synthetic tickers × 5 years against `quantum sim serve` with no limits, as separate processes.

Figures: the quantum process's peak resident memory for each size (GNU time's %M: see
`bench.measured_run`), their ratio, rows per second of the larger pull, and a check that the file is
whole: as many lines as the manifest's rows, and the manifest's SHA-256 the file's.
"""
import hashlib
import json
import os
import tempfile

START, END = "2021-11-01", "2026-10-30"


def pull(bench, sim, n: int) -> dict:
    folder = tempfile.mkdtemp(prefix="quantum-stream-")
    tickers = os.path.join(folder, "tickers.txt")
    with open(tickers, "w") as f:
        f.write("\n".join(bench.synthetic(n)) + "\n")
    out = os.path.join(folder, "pull.ndjson")
    status, rss, seconds = bench.measured_run(
        [bench.QUANTUM, "--no-cache", "batch", "@" + tickers, "--from", START, "--to", END, "--concurrency", "16",
         "--export", out],
        sim.environment())
    if status != 0:
        raise RuntimeError(f"the {n}-ticker streamed batch exited with status {status}")
    with open(out + ".manifest.json") as f:
        manifest = json.load(f)
    digest, lines = hashlib.sha256(), 0
    with open(out, "rb") as f:
        while chunk := f.read(1 << 22):
            digest.update(chunk)
            lines += chunk.count(b"\n")
    whole = lines == manifest["rows"] and digest.hexdigest() == manifest["sha256"] and len(manifest["series"]) == n
    for name in (out, out + ".manifest.json", tickers):
        os.remove(name)
    os.rmdir(folder)
    return {"rss_mb": rss, "seconds": seconds, "rows": manifest["rows"], "whole": whole}


def stream_rss(bench, quick: bool) -> dict:
    with bench.Simulator() as sim:
        small = pull(bench, sim, 2000)
        large = pull(bench, sim, 20000)
    return {
        "stream_peak_rss_mb": {"2000": small["rss_mb"], "20000": large["rss_mb"]},
        "stream_peak_rss_mb_max": max(small["rss_mb"], large["rss_mb"]),
        "stream_rss_ratio": round(large["rss_mb"] / small["rss_mb"], 3),
        "stream_rows_per_s": int(large["rows"] / large["seconds"]),
        "stream_20000x5y_s": round(large["seconds"], 1), "stream_rows": large["rows"],
        "stream_file_whole": small["whole"] and large["whole"],
    }
