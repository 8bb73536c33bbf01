"""Streamed pulls for scripts/bench: `batch @FILE --export PATH` for 2,000 and 20,000 synthetic
tickers × 5 years against `quantum sim serve` with no limits, as separate processes, to NDJSON and
to Parquet.

Figures: the quantum process's peak resident memory for each size and format (GNU time's %M: see
`bench.measured_run`), the ratio between the sizes, rows per second of the larger pull, Parquet's
rows per second against NDJSON's, and a check that each file is whole: for NDJSON as many lines as
the manifest's rows and the manifest's SHA-256 the file's; for Parquet the manifest's SHA-256 and
the row count its footer declares (read with pyarrow when it is installed).
"""
import hashlib
import json
import os
import tempfile

START, END = "2021-11-01", "2026-10-30"


def pull(bench, sim, n: int, extension: str) -> dict:
    folder = tempfile.mkdtemp(prefix="quantum-stream-")
    tickers = os.path.join(folder, "tickers.txt")
    with open(tickers, "w") as f:
        f.write("\n".join(bench.synthetic(n)) + "\n")
    out = os.path.join(folder, "pull." + extension)
    status, rss, seconds = bench.measured_run(
        [bench.QUANTUM, "--no-cache", "batch", "@" + tickers, "--from", START, "--to", END, "--concurrency", "16",
         "--export", out],
        sim.environment())
    if status != 0:
        raise RuntimeError(f"the {n}-ticker streamed batch to {extension} exited with status {status}")
    with open(out + ".manifest.json") as f:
        manifest = json.load(f)
    digest, lines = hashlib.sha256(), 0
    with open(out, "rb") as f:
        while chunk := f.read(1 << 22):
            digest.update(chunk)
            lines += chunk.count(b"\n")
    rows = lines if extension == "ndjson" else parquet_rows(out, manifest["rows"])
    whole = rows == manifest["rows"] and digest.hexdigest() == manifest["sha256"] and len(manifest["series"]) == n
    for name in (out, out + ".manifest.json", tickers):
        os.remove(name)
    os.rmdir(folder)
    return {"rss_mb": rss, "seconds": seconds, "rows": manifest["rows"], "whole": whole}


def parquet_rows(path: str, expected: int) -> int:
    """The rows a Parquet file's footer declares (pyarrow); `expected` when pyarrow is missing."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        return expected
    return pq.ParquetFile(path).metadata.num_rows


def stream_rss(bench, quick: bool) -> dict:
    with bench.Simulator() as sim:
        small = pull(bench, sim, 2000, "ndjson")
        large = pull(bench, sim, 20000, "ndjson")
        small_parquet = pull(bench, sim, 2000, "parquet")
        large_parquet = pull(bench, sim, 20000, "parquet")
    return {
        "stream_peak_rss_mb": {"2000": small["rss_mb"], "20000": large["rss_mb"]},
        "stream_peak_rss_mb_max": max(small["rss_mb"], large["rss_mb"]),
        "stream_rss_ratio": round(large["rss_mb"] / small["rss_mb"], 3),
        "stream_rows_per_s": int(large["rows"] / large["seconds"]),
        "stream_20000x5y_s": round(large["seconds"], 1), "stream_rows": large["rows"],
        "stream_file_whole": small["whole"] and large["whole"],
        "parquet_peak_rss_mb": {"2000": small_parquet["rss_mb"], "20000": large_parquet["rss_mb"]},
        "parquet_rss_ratio": round(large_parquet["rss_mb"] / small_parquet["rss_mb"], 3),
        "parquet_rows_per_s": int(large_parquet["rows"] / large_parquet["seconds"]),
        "parquet_vs_ndjson": round(large["seconds"] / large_parquet["seconds"], 2),
        "parquet_file_whole": small_parquet["whole"] and large_parquet["whole"],
    }
