import Crypto
import Foundation
import QuantumCore

/// `GET /`: one self-contained page (no external assets, no build step) for people who would
/// rather look: a ticker and range form, the close-price chart (SVG), the attempts trail with
/// outcomes, the quality summary and a link to the JSON. `/?ticker=AAPL&days=30` fetches at once.
enum ServerPage {
    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>quantum serve</title>
        <style>
        body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2430; background: #fbfbfd; }
        h1 { font-size: 20px; margin: 0 0 12px; }
        form { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin-bottom: 16px; }
        label { display: flex; flex-direction: column; font-size: 12px; color: #556; }
        input, select, button { font: inherit; padding: 4px 6px; }
        #status { margin: 8px 0; font-weight: 600; }
        #status.failed { color: #b3261e; }
        svg { background: #fff; border: 1px solid #dde; width: 100%; max-width: 820px; height: auto; }
        @media (prefers-color-scheme: dark) {
          body { color: #dfe3ea; background: #14171c; }
          label { color: #9aa3b2; }
          svg { background: #1c2027; border-color: #333a45; }
          svg text { fill: #c9d1dc; }
          td, th { border-bottom-color: #2c323c; }
          a { color: #8ab4f8; }
        }
        table { border-collapse: collapse; margin-top: 12px; }
        td, th { border-bottom: 1px solid #e4e4ee; padding: 3px 10px; text-align: left; }
        .ok { color: #1b7f3b; } .bad { color: #b3261e; } .skip { color: #8a6d00; }
        #quality { margin-top: 12px; }
        </style>
        </head>
        <body>
        <h1>quantum serve</h1>
        <form id="form">
          <label>Ticker <input id="ticker" name="ticker" required maxlength="\#(RequestVocabulary.tickerMaxLength)" value="AAPL"></label>
          <label>Days <input id="days" name="days" type="number" min="1" max="\#(RequestVocabulary.maxDays)" value="90"></label>
          <label>From <input id="from" name="from" type="date"></label>
          <label>To <input id="to" name="to" type="date"></label>
          <label>Source <select id="source" name="source">
            <option value="">fallback</option>\#(RequestVocabulary.sourceNames.map { "<option>\($0)</option>" }.joined())</select></label>
          <label>Basis <select id="basis" name="basis">\#(RequestVocabulary.basisNames.map { "<option\($0 == RequestVocabulary.defaultBasis.rawValue ? " selected" : "")>\($0)</option>" }.joined())</select></label>
          <label>Token <input id="token" type="password" placeholder="only beyond loopback"></label>
          <button type="submit">Fetch</button>
        </form>
        <div id="status"></div>
        <svg id="chart" width="820" height="300" viewBox="0 0 820 300" role="img" aria-label="close price"></svg>
        <div id="quality"></div>
        <table id="trail"><thead><tr><th>source</th><th>outcome</th><th>status</th><th>ms</th><th>message</th>
        </tr></thead><tbody></tbody></table>
        <p><a id="json" href="#">JSON</a></p>
        <script>
        "use strict";
        const $ = (id) => document.getElementById(id);
        const NS = "http://www.w3.org/2000/svg";
        function el(name, attrs, text) {
          const node = document.createElementNS(NS, name);
          for (const k in attrs) node.setAttribute(k, attrs[k]);
          if (text !== undefined) node.textContent = text;
          return node;
        }
        function url() {
          const q = new URLSearchParams();
          if ($("from").value) { q.set("from", $("from").value); if ($("to").value) q.set("to", $("to").value); }
          else if ($("days").value) q.set("days", $("days").value);
          if ($("source").value) q.set("source", $("source").value);
          if ($("basis").value) q.set("basis", $("basis").value);
          return "/v1/candles/" + encodeURIComponent($("ticker").value.trim()) + "?" + q.toString();
        }
        function chart(candles) {
          const svg = $("chart");
          svg.replaceChildren();
          if (candles.length === 0) { svg.appendChild(el("text", {x: 20, y: 40}, "no candles")); return; }
          const W = 820, H = 300, L = 60, R = 10, T = 10, B = 30;
          const closes = candles.map((c) => c.close);
          const lo = Math.min(...closes), hi = Math.max(...closes), span = hi - lo || 1;
          const x = (i) => L + (candles.length === 1 ? 0 : i * (W - L - R) / (candles.length - 1));
          const y = (v) => T + (hi - v) * (H - T - B) / span;
          svg.appendChild(el("line", {x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: "#99a"}));
          svg.appendChild(el("text", {x: 4, y: y(hi) + 4, "font-size": 11}, hi.toFixed(2)));
          svg.appendChild(el("text", {x: 4, y: y(lo) + 4, "font-size": 11}, lo.toFixed(2)));
          svg.appendChild(el("text", {x: L, y: H - 8, "font-size": 11}, candles[0].date));
          svg.appendChild(el("text", {x: W - R - 70, y: H - 8, "font-size": 11}, candles[candles.length - 1].date));
          const points = candles.map((c, i) => x(i).toFixed(1) + "," + y(c.close).toFixed(1)).join(" ");
          const line = {id: "close", points: points, fill: "none", stroke: "#2456c8", "stroke-width": 1.5};
          svg.appendChild(el("polyline", line));
        }
        function trail(attempts) {
          const body = $("trail").tBodies[0];
          body.replaceChildren();
          for (const a of attempts) {
            const row = body.insertRow();
            const kind = a.outcome === "ok" ? "ok" : a.outcome.startsWith("skipped") ? "skip" : "bad";
            [a.source, a.outcome, a.status ?? "", a.ms, a.message ?? ""].forEach((v, i) => {
              const cell = row.insertCell();
              cell.textContent = String(v);
              if (i === 1) cell.className = kind;
            });
          }
        }
        function clear() {
          $("chart").replaceChildren();
          $("trail").tBodies[0].replaceChildren();
          $("quality").textContent = "";
        }
        async function load(event) {
          if (event) event.preventDefault();
          clear();
          const target = url();
          $("json").href = target;
          $("status").textContent = "fetching " + $("ticker").value + "…";
          $("status").className = "";
          const headers = $("token").value ? {Authorization: "Bearer " + $("token").value} : {};
          let r;
          try {
            const response = await fetch(target, {headers});
            r = await response.json();
          } catch (e) {
            $("status").textContent = "request failed: " + e;
            $("status").className = "failed";
            return;
          }
          if (!r.ticker) { $("status").textContent = r.error || "failed"; $("status").className = "failed"; return; }
          $("status").textContent = r.ok
            ? r.ticker + ": " + r.candles.length + " candles via " + (r.source || "none")
              + (r.simulated ? " (simulated)" : "")
            : r.ticker + ": " + r.error;
          $("status").className = r.ok ? "" : "failed";
          chart(r.candles);
          trail(r.attempts);
          $("quality").textContent = r.quality ? "Quality: " + r.quality.summary : "";
        }
        $("form").addEventListener("submit", load);
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
