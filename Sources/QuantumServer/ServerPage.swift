import Crypto
import Foundation
import QuantumCore

/// `GET /`: one self-contained page (no external assets, no build step) for people who would
/// rather look: a form (tickers, range, source, basis) with range presets (1M 3M 1Y 5Y max), a
/// responsive SVG chart — price and date axes at round ticks, volume, a crosshair tooltip (date,
/// OHLCV, source) that the arrow keys move too, several tickers overlaid normalised to 100 — the
/// attempts trail, the quality summary, JSON and CSV downloads; errors clear what was shown; dark
/// by `prefers-color-scheme`. `/?ticker=AAPL&days=30` fetches at once.
enum ServerPage {
    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>quantum serve</title>
        <link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Cpolyline points='1,12 5,7 9,10 15,3' fill='none' stroke='%231f77b4' stroke-width='2'/%3E%3C/svg%3E">
        <style>
        :root { color-scheme: light dark; --fg: #1d2430; --bg: #fbfbfd; --panel: #fff; --line: #dde; --muted: #556;
          --grid: #eceef4; --accent: #2456c8; --vol: #c9d3ea; }
        @media (prefers-color-scheme: dark) {
          :root { --fg: #dfe3ea; --bg: #14171c; --panel: #1c2027; --line: #333a45; --muted: #9aa3b2; --grid: #262b34;
            --accent: #7aa7ff; --vol: #34405a; }
          a { color: #8ab4f8; }
        }
        * { box-sizing: border-box; }
        body { font: 14px/1.4 system-ui, sans-serif; margin: 16px; color: var(--fg); background: var(--bg); }
        main { max-width: 860px; margin: 0 auto; }
        h1 { font-size: 20px; margin: 0 0 12px; }
        form { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin-bottom: 8px; }
        label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); min-width: 0; }
        input, select, button { font: inherit; padding: 4px 6px; max-width: 100%; }
        #ticker { width: 12em; } #days { width: 6em; }
        #presets { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 8px; }
        #presets button[aria-pressed="true"] { font-weight: 700; }
        #status { margin: 8px 0; font-weight: 600; overflow-wrap: anywhere; }
        #status.failed { color: #b3261e; }
        #plot { position: relative; }
        svg { display: block; background: var(--panel); border: 1px solid var(--line); width: 100%; height: auto; }
        svg text { fill: var(--fg); font-size: 11px; }
        svg:focus { outline: 2px solid var(--accent); }
        #tip { position: absolute; pointer-events: none; background: var(--panel); border: 1px solid var(--line);
          padding: 4px 8px; font-size: 12px; white-space: pre; display: none; }
        #legend { display: flex; flex-wrap: wrap; gap: 2px 12px; }
        #quality div { margin-bottom: 2px; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; margin-top: 12px; }
        td, th { border-bottom: 1px solid var(--grid); padding: 3px 10px; text-align: left; vertical-align: top; }
        td:last-child { overflow-wrap: anywhere; min-width: 12em; }
        .ok { color: #1b7f3b; } .bad { color: #d0362c; } .skip { color: #a07f00; }
        #quality { margin-top: 12px; overflow-wrap: anywhere; }
        </style>
        </head>
        <body>
        <main>
        <h1>quantum serve</h1>
        <form id="form">
          <label>Tickers <input id="ticker" name="ticker" required maxlength="200" value="AAPL"
            title="One ticker, or several separated by commas to overlay them (each normalised to 100)"></label>
          <label>Days <input id="days" name="days" type="number" min="1" max="\#(RequestVocabulary.maxDays)" value="90"></label>
          <label>From <input id="from" name="from" type="date"></label>
          <label>To <input id="to" name="to" type="date"></label>
          <label>Source <select id="source" name="source">
            <option value="">fallback</option>\#(RequestVocabulary.sourceNames.map { "<option>\($0)</option>" }.joined())</select></label>
          <label>Basis <select id="basis" name="basis">\#(RequestVocabulary.basisNames.map { "<option\($0 == RequestVocabulary.defaultBasis.rawValue ? " selected" : "")>\($0)</option>" }.joined())</select></label>
          <label>Token <input id="token" type="password" placeholder="only beyond loopback" autocomplete="off"></label>
          <button type="submit">Fetch</button>
        </form>
        <div id="presets" role="group" aria-label="range">
          <button type="button" data-days="30">1M</button><button type="button" data-days="91">3M</button>
          <button type="button" data-days="365">1Y</button><button type="button" data-days="1826">5Y</button>
          <button type="button" data-days="\#(RequestVocabulary.maxDays)">max</button>
        </div>
        <div id="status" role="status"></div>
        <div id="legend"></div>
        <div id="plot">
          <svg id="chart" viewBox="0 0 820 340" role="img" aria-label="price chart; focus it and use the arrow keys to read each day" tabindex="0"></svg>
          <div id="tip"></div>
        </div>
        <div id="quality"></div>
        <div class="scroll"><table id="trail"><thead><tr><th>ticker</th><th>source</th><th>outcome</th><th>status</th><th>ms</th><th>message</th>
        </tr></thead><tbody></tbody></table></div>
        <p><a id="json" href="#">JSON</a> · <a id="csv" href="#" download>CSV</a></p>
        </main>
        <script>
        "use strict";
        const $ = (id) => document.getElementById(id);
        const NS = "http://www.w3.org/2000/svg";
        const H = 340, L = 64, R = 12, T = 10, PB = 232, VT = 246, VB = 306;
        // The chart's width in its own units: the space it has (820 at most), so text stays legible on a phone.
        let W = 820;
        let last = [];
        const COLORS = ["#2456c8", "#d0362c", "#1b7f3b", "#a07f00", "#7b3fb8", "#008a8a"];
        let shown = null;
        let cursor = -1;
        function el(name, attrs, text) {
          const node = document.createElementNS(NS, name);
          // Theme colours (var(--…)) work as CSS properties only, not as SVG attributes.
          for (const k in attrs) {
            if (String(attrs[k]).startsWith("var(")) node.style.setProperty(k, attrs[k]); else node.setAttribute(k, attrs[k]);
          }
          if (text !== undefined) node.textContent = text;
          return node;
        }
        function tickers() {
          return $("ticker").value.split(/[\s,]+/).map((t) => t.trim()).filter((t) => t).slice(0, COLORS.length);
        }
        function query(format) {
          const q = new URLSearchParams();
          if ($("from").value) { q.set("from", $("from").value); if ($("to").value) q.set("to", $("to").value); }
          else if ($("days").value) q.set("days", $("days").value);
          if ($("source").value) q.set("source", $("source").value);
          if ($("basis").value) q.set("basis", $("basis").value);
          if (format) q.set("format", format);
          return q.toString();
        }
        function url(ticker, format) { return "/v1/candles/" + encodeURIComponent(ticker) + "?" + query(format); }
        // Round steps (1, 2, 2.5, 5 × 10^n) covering lo..hi with about n ticks.
        function ticks(lo, hi, n) {
          const span = hi - lo || Math.abs(hi) || 1;
          const raw = span / n, mag = Math.pow(10, Math.floor(Math.log10(raw)));
          const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw);
          const decimals = Math.max(0, Math.ceil(-Math.log10(step) + (String(step / mag).includes(".") ? 1 : 0) - 1e-9));
          const values = [];
          for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) values.push(v);
          return {values, decimals};
        }
        // Indexes of the first bar of each week, month, quarter or year, whichever gives at most 8 labels.
        function dateTicks(dates) {
          const keys = [(d) => d.slice(0, 4), (d) => d.slice(0, 4) + Math.floor((+d.slice(5, 7) - 1) / 3),
            (d) => d.slice(0, 7), (d) => { const t = new Date(d + "T00:00:00Z"); return Math.floor((t / 864e5 + 3) / 7); }];
          let best = [0];
          for (const key of keys) {
            const at = dates.map((d, i) => i).filter((i) => i === 0 || key(dates[i]) !== key(dates[i - 1]));
            if (at.length > 8) break;
            best = at;
          }
          const span = dates.length ? (new Date(dates[dates.length - 1]) - new Date(dates[0])) / 864e5 : 0;
          return best.map((i) => [i, span > 730 ? dates[i].slice(0, 7) : dates[i].slice(0, 10)]);
        }
        function chart(series) {
          const svg = $("chart");
          svg.replaceChildren();
          $("legend").replaceChildren();
          shown = null;
          last = series;
          W = Math.max(320, Math.min(820, Math.round($("plot").clientWidth || 820)));
          svg.setAttribute("viewBox", "0 0 " + W + " " + H);
          const dates = [...new Set(series.flatMap((s) => s.candles.map((c) => c.date)))].sort();
          if (dates.length === 0) { svg.appendChild(el("text", {x: 20, y: 40}, "no candles")); return; }
          const overlay = series.length > 1;
          const index = new Map(dates.map((d, i) => [d, i]));
          const lines = series.map((s) => {
            const base = s.candles.length ? s.candles[0].close : 1;
            return s.candles.map((c) => ({i: index.get(c.date), v: overlay ? c.close / base * 100 : c.close, c}));
          });
          const values = lines.flat().map((p) => p.v);
          const lo = Math.min(...values), hi = Math.max(...values), pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.01 || 1;
          const scale = ticks(lo - pad, hi + pad, 6);
          const top = Math.max(hi + pad, scale.values[scale.values.length - 1]), bottom = Math.min(lo - pad, scale.values[0]);
          const x = (i) => L + (dates.length === 1 ? (W - L - R) / 2 : i * (W - L - R) / (dates.length - 1));
          const y = (v) => T + (top - v) * (PB - T) / (top - bottom || 1);
          for (const v of scale.values) {
            svg.appendChild(el("line", {x1: L, y1: y(v), x2: W - R, y2: y(v), stroke: "var(--grid)"}));
            svg.appendChild(el("text", {x: L - 6, y: y(v) + 4, "text-anchor": "end"}, v.toFixed(scale.decimals)));
          }
          // Labels at least 80 units apart: the first bar's gives way to the first boundary.
          const marks = dateTicks(dates).filter((m, k, all) => k > 0 || all.length < 2 || x(all[1][0]) - x(m[0]) >= 80);
          for (const [i, label] of marks) {
            svg.appendChild(el("line", {x1: x(i), y1: T, x2: x(i), y2: VB, stroke: "var(--grid)"}));
            svg.appendChild(el("text", {x: x(i), y: H - 16, "text-anchor": i === 0 ? "start" : "middle"}, label));
          }
          if (!overlay) {
            const volumes = series[0].candles.map((c) => c.volume), most = Math.max(...volumes) || 1;
            const width = Math.max(1, (W - L - R) / dates.length * 0.7);
            for (const p of lines[0]) {
              const h = p.c.volume / most * (VB - VT);
              svg.appendChild(el("rect", {x: x(p.i) - width / 2, y: VB - h, width, height: h, fill: "var(--vol)"}));
            }
            svg.appendChild(el("text", {x: L - 6, y: VT + 8, "text-anchor": "end"}, "volume"));
          }
          svg.appendChild(el("line", {x1: L, y1: PB, x2: W - R, y2: PB, stroke: "var(--line)"}));
          lines.forEach((points, k) => {
            const id = k === 0 ? "close" : "close-" + k;
            const color = overlay ? COLORS[k] : "var(--accent)";
            svg.appendChild(el("polyline", {id, points: points.map((p) => x(p.i).toFixed(1) + "," + y(p.v).toFixed(1)).join(" "),
              fill: "none", stroke: color, "stroke-width": 1.5}));
            if (overlay) {
              const key = document.createElement("span");
              key.style.color = color;
              key.textContent = "■ " + series[k].ticker + " (100 = close of " + (series[k].candles[0] || {}).date + ")";
              $("legend").appendChild(key);
            }
          });
          const cross = el("line", {x1: 0, y1: T, x2: 0, y2: VB, stroke: "var(--muted)", "stroke-dasharray": "3 3", visibility: "hidden"});
          svg.appendChild(cross);
          shown = {dates, lines, series, overlay, x, cross};
          cursor = -1;
        }
        function point(i) {
          if (!shown || i < 0 || i >= shown.dates.length) { $("tip").style.display = "none"; return; }
          cursor = i;
          const {dates, lines, series, overlay, x, cross} = shown;
          cross.setAttribute("x1", x(i)); cross.setAttribute("x2", x(i)); cross.setAttribute("visibility", "visible");
          const rows = [dates[i]];
          lines.forEach((points, k) => {
            const p = points.find((q) => q.i === i);
            if (!p) { rows.push(series[k].ticker + ": no bar"); return; }
            const c = p.c;
            rows.push(overlay
              ? series[k].ticker + " " + p.v.toFixed(2) + " (close " + c.close + ", " + (c.source || "-") + ")"
              : "O " + c.open + "  H " + c.high + "  L " + c.low + "  C " + c.close
                + "\nV " + Math.round(c.volume).toLocaleString() + "  source " + (c.source || "-"));
          });
          const tip = $("tip"), box = $("chart").getBoundingClientRect();
          tip.textContent = rows.join("\n");
          tip.style.display = "block";
          const px = x(i) / W * box.width;
          tip.style.left = Math.max(0, Math.min(px + 12, box.width - tip.offsetWidth)) + "px";
          tip.style.top = "8px";
        }
        $("chart").addEventListener("pointermove", (e) => {
          if (!shown) return;
          const box = $("chart").getBoundingClientRect();
          const vx = (e.clientX - box.left) / box.width * W, n = shown.dates.length;
          point(Math.max(0, Math.min(n - 1, Math.round((vx - L) / ((W - L - R) / Math.max(1, n - 1))))));
        });
        $("chart").addEventListener("pointerleave", () => { $("tip").style.display = "none"; });
        $("chart").addEventListener("keydown", (e) => {
          if (!shown) return;
          const n = shown.dates.length, moves = {ArrowLeft: cursor - 1, ArrowRight: cursor + 1, Home: 0, End: n - 1};
          if (!(e.key in moves)) return;
          e.preventDefault();
          point(Math.max(0, Math.min(n - 1, cursor < 0 && e.key.startsWith("Arrow") ? n - 1 : moves[e.key])));
        });
        function trail(results) {
          const body = $("trail").tBodies[0];
          body.replaceChildren();
          for (const r of results) {
            for (const a of r.attempts || []) {
              const row = body.insertRow();
              const kind = a.outcome === "ok" ? "ok" : a.outcome.startsWith("skipped") ? "skip" : "bad";
              [r.ticker, a.source, a.outcome, a.status ?? "", a.ms, a.message ?? ""].forEach((v, i) => {
                const cell = row.insertCell();
                cell.textContent = String(v);
                if (i === 2) cell.className = kind;
              });
            }
          }
        }
        function clear() {
          chart([]);
          $("chart").replaceChildren();
          $("tip").style.display = "none";
          $("trail").tBodies[0].replaceChildren();
          $("quality").textContent = "";
        }
        async function one(ticker, headers) {
          try {
            const response = await fetch(url(ticker), {headers});
            const r = await response.json();
            return r.ticker ? r : {ticker, ok: false, error: r.error || response.status + " " + response.statusText};
          } catch (e) {
            return {ticker, ok: false, error: "request failed: " + e};
          }
        }
        async function load(event) {
          if (event) event.preventDefault();
          clear();
          const list = tickers();
          if (list.length === 0) return;
          $("json").href = url(list[0]);
          $("csv").href = url(list[0], "csv");
          $("csv").setAttribute("download", list[0] + ".csv");
          $("status").textContent = "fetching " + list.join(", ") + "…";
          $("status").className = "";
          const headers = $("token").value ? {Authorization: "Bearer " + $("token").value} : {};
          const results = await Promise.all(list.map((t) => one(t, headers)));
          const served = results.filter((r) => r.ok && r.candles && r.candles.length);
          $("status").textContent = results.map((r) => r.ok
            ? r.ticker + ": " + r.candles.length + " candles via " + (r.source || "none") + (r.simulated ? " (simulated)" : "")
            : r.ticker + ": " + r.error).join(" · ");
          $("status").className = results.every((r) => r.ok) ? "" : "failed";
          chart(served);
          trail(results);
          for (const r of results.filter((r) => r.quality)) {
            const line = document.createElement("div");
            line.textContent = "Quality" + (results.length > 1 ? " (" + r.ticker + ")" : "") + ": " + r.quality.summary;
            $("quality").appendChild(line);
          }
        }
        $("form").addEventListener("submit", load);
        let resizing = 0;
        window.addEventListener("resize", () => {
          clearTimeout(resizing);
          resizing = setTimeout(() => { if (last.length) chart(last); }, 150);
        });
        for (const b of document.querySelectorAll("#presets button")) {
          b.addEventListener("click", () => {
            $("days").value = b.dataset.days; $("from").value = ""; $("to").value = "";
            for (const o of document.querySelectorAll("#presets button")) o.setAttribute("aria-pressed", String(o === b));
            load();
          });
        }
        const initial = new URLSearchParams(location.search);
        for (const k of ["ticker", "days", "from", "to", "source", "basis"]) if (initial.get(k)) $(k).value = initial.get(k);
        if (initial.get("ticker")) load();
        </script>
        </body>
        </html>
        """#

    /// The page's `Content-Security-Policy`: its one inline script by hash, its inline style, the
    /// API on the same origin; nothing from elsewhere, no framing, no plugins.
    static let contentSecurityPolicy: String = {
        let script = html.components(separatedBy: "<script>")[1].components(separatedBy: "</script>")[0]
        let hash = Data(SHA256.hash(data: Array(script.utf8))).base64EncodedString()
        return "default-src 'none'; script-src 'sha256-\(hash)'; style-src 'unsafe-inline'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }()
}
