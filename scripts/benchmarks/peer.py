"""The Python peer for `vs_python`: the seed's own stack — asyncio + aiohttp, a DataFrame per
ticker — fetching one year of daily bars per ticker from the simulator's Polygon endpoint with
16 requests in flight. Prints one JSON object: tickers, candles, seconds, fetches_per_s.

Usage: python3 peer.py BASE_URL FROM TO TICKER...
"""
import asyncio
import json
import sys
import time

import aiohttp
import pandas as pd

CONCURRENCY = 16


async def fetch(session: aiohttp.ClientSession, gate: asyncio.Semaphore, base: str, ticker: str, start: str, end: str) -> pd.DataFrame:
    url = f"{base}/v2/aggs/ticker/{ticker}/range/1/day/{start}/{end}"
    params = {"adjusted": "true", "sort": "asc", "limit": "50000", "apiKey": "bench"}
    async with gate:
        async with session.get(url, params=params) as response:
            response.raise_for_status()
            body = await response.json()
    frame = pd.DataFrame(body.get("results") or [])
    if frame.empty:
        return frame
    # Polygon stamps a daily bar at 00:00 New York: the bar's date is that New York date.
    frame["date"] = pd.to_datetime(frame["t"], unit="ms", utc=True).dt.tz_convert("America/New_York").dt.date
    frame = frame.rename(columns={"o": "open", "h": "high", "l": "low", "c": "close", "v": "volume"})
    return frame.set_index("date")[["open", "high", "low", "close", "volume"]].sort_index()


async def main(base: str, start: str, end: str, tickers: list[str]) -> None:
    gate = asyncio.Semaphore(CONCURRENCY)
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    began = time.perf_counter()
    async with aiohttp.ClientSession(connector=connector) as session:
        frames = await asyncio.gather(*(fetch(session, gate, base, t, start, end) for t in tickers))
    seconds = time.perf_counter() - began
    candles = sum(len(f) for f in frames)
    print(json.dumps({"tickers": len(tickers), "candles": candles, "seconds": seconds, "fetches_per_s": len(tickers) / seconds}))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]))
