"""The FastAPI peer for `serve_vs_fastapi`: the seed's example 3 — `GET /stock/{ticker}` returning
the last 90 days, fetched per request with httpx from the providers in fallback order (here the
simulator's wire formats: Polygon, then FMP). No cache, no shared rate governor: as the seed wrote it.

Usage: PEER_UPSTREAM=http://127.0.0.1:PORT PEER_TODAY=YYYY-MM-DD uvicorn fastapi_peer:app --port N
"""
import datetime
import os

import httpx
from fastapi import FastAPI, HTTPException

UPSTREAM = os.environ["PEER_UPSTREAM"]
TODAY = datetime.date.fromisoformat(os.environ.get("PEER_TODAY", datetime.date.today().isoformat()))
app = FastAPI()
client = httpx.AsyncClient(base_url=UPSTREAM, timeout=15)


async def polygon(ticker: str, start: str, end: str) -> list[dict]:
    r = await client.get(f"/v2/aggs/ticker/{ticker}/range/1/day/{start}/{end}",
                         params={"adjusted": "true", "sort": "asc", "limit": "50000", "apiKey": "peer"})
    r.raise_for_status()
    return [{"date": datetime.datetime.fromtimestamp(b["t"] / 1000, datetime.timezone.utc).date().isoformat(),
             "open": b["o"], "high": b["h"], "low": b["l"], "close": b["c"], "volume": b["v"]}
            for b in r.json().get("results") or []]


async def fmp(ticker: str, start: str, end: str) -> list[dict]:
    r = await client.get("/stable/historical-price-eod/full",
                         params={"symbol": ticker, "from": start, "to": end, "apikey": "peer"})
    r.raise_for_status()
    rows = r.json()
    return sorted(({k: row[k] for k in ("date", "open", "high", "low", "close", "volume")} for row in rows),
                  key=lambda row: row["date"])


@app.get("/stock/{ticker}")
async def stock(ticker: str) -> dict:
    start, end = (TODAY - datetime.timedelta(days=89)).isoformat(), TODAY.isoformat()
    attempts = []
    for name, source in (("polygon", polygon), ("fmp", fmp)):
        try:
            candles = await source(ticker.upper(), start, end)
            attempts.append({"source": name, "outcome": "ok"})
            return {"ticker": ticker.upper(), "source": name, "candles": candles, "attempts": attempts}
        except (httpx.HTTPError, KeyError, ValueError) as error:
            attempts.append({"source": name, "outcome": type(error).__name__})
    raise HTTPException(status_code=502, detail={"ticker": ticker.upper(), "attempts": attempts})
