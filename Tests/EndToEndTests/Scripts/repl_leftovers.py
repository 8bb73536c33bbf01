"""Leftovers of the REPL issue under a pseudo-terminal: `quit` in the start-up file is refused
(warned about, the REPL goes on), a history file that cannot be written is warned about once, a
compare cancelled with Ctrl-C says so instead of reporting agreement (a partly cached one too),
a batch cancelled half-way prints no row wider than the terminal, a fetch cut short over a
partly cached range says cancelled, a ticker's name after `compare` means its fetch, Ctrl-R
then an arrow key keeps the match, and a fetch no source could serve says its error once.

Usage: python3 repl_leftovers.py QUANTUM_BINARY   (exit 0 when every check holds)."""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

import pexpect

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
WIDTH = 90
step = "starting"


def plain(text):
    return ANSI.sub("", text)


def check(condition, message):
    if not condition:
        raise SystemExit(f"REPL leftovers check failed at {step}: {message}")


def main(binary: str) -> None:
    global step
    folder = tempfile.mkdtemp(prefix="quantum-leftovers-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_") and not k.endswith("_API_KEY")}
    env["XDG_CONFIG_HOME"] = folder + "/config"
    env["XDG_CACHE_HOME"] = folder + "/cache"
    # A file where the state folder should be: the history cannot be saved, even by root.
    with open(folder + "/state", "w") as blocker:
        blocker.write("not a folder\n")
    env["XDG_STATE_HOME"] = folder + "/state"
    os.makedirs(folder + "/config/quantum")
    rc = folder + "/config/quantum/quantumrc"
    with open(rc, "w") as f:
        f.write("set timing on\nquit\nset concurrency 3\n")

    step = "quit in the start-up file"
    child = pexpect.spawn(binary, [], cwd=folder, env=env, encoding="utf-8", codec_errors="replace", timeout=20, dimensions=(40, WIDTH))
    child.expect_exact(f"warning: 'quit' in the start-up file is not run ({rc}:2); the REPL goes on")
    child.expect_exact("(sim) quantum [3]> ")
    child.sendline("set")

    step = "history that cannot be saved"
    child.expect_exact("warning: the history is not saved to " + folder + "/state/quantum/history (")

    step = "the start-up file's commands after its quit"
    child.expect(r"concurrency\s+3\s")
    child.expect_exact("quantum [4]> ")

    step = "history warned once"
    child.sendline("set timing off")
    child.expect_exact("quantum [5]> ")
    check("warning: the history" not in plain(child.before), "warned twice")

    step = "a failed fetch's error said once"
    child.sendline("fetch ZZZZQ --days 5")
    child.expect_exact("quantum [6]> ")
    said = plain(child.before)
    check(said.count("error: no source knows ZZZZQ") == 1, f"the error is not said exactly once: {said!r}")

    step = "a cancelled compare"
    child.sendline("fault fmp slow 8s")
    child.expect_exact("quantum [7]> ")
    # polygon answers at once; fmp waits 8 s: Ctrl-C while it waits.
    child.sendline("compare SYN0001 --days 10")
    time.sleep(1.5)
    child.sendintr()
    child.expect_exact("quantum [8]> ", timeout=10)
    said = plain(child.before)
    check("cancelled before every source answered" in said, f"not said: {said!r}")
    check("agree within" not in said and "day(s) agree" not in said, f"agreement reported: {said!r}")
    check("error: compare was cancelled" in said, f"no error: {said!r}")

    step = "a cancelled batch's rows"
    child.sendline("fault clear; fault polygon notfound")
    child.expect_exact("quantum [10]> ")
    child.sendline("limits fmp 3/s; limits alphavantage 3/s; limits eodhd 3/s")
    child.expect_exact("quantum [13]> ")
    tickers = " ".join(f"SYN{n:04d}" for n in range(1, 41)) + " NOSUCH1"
    child.sendline(f"batch NOSUCH2 {tickers} --days 10")
    time.sleep(3)
    child.sendintr()
    child.expect(r"(\d+) cancelled", timeout=10)
    shown = plain(child.before)
    child.expect_exact("quantum [14]> ")
    rows = [line for line in shown.replace("\r", "").split("\n") if line.startswith("  ")]
    check(rows, "no rows")
    wide = [line for line in rows if len(line) > WIDTH]
    check(not wide, f"rows wider than {WIDTH}: {wide!r}")
    child.sendline("quit")
    child.expect(pexpect.EOF)

    # A fresh REPL and cache: no source at its limit.
    prompt = r"quantum \[\d+\]> "
    fresh = dict(env, XDG_CACHE_HOME=folder + "/cache-fresh")
    child = pexpect.spawn(binary, ["--no-rc"], cwd=folder, env=fresh, encoding="utf-8", codec_errors="replace", timeout=20, dimensions=(40, WIDTH))
    child.expect(prompt)

    child.sendline("limits fmp 3/s")
    child.expect(prompt)

    step = "Ctrl-R then an arrow key"
    # The match is kept and the arrow moves in it, as readline does: no "[C" typed into the line.
    child.send("\x12limits fmp")
    child.send("\x1b[C")
    child.send("\x1b[F")
    child.sendline("")
    child.expect(prompt)
    said = plain(child.before)
    check("[C" not in said and "[F" not in said and "error" not in said, f"the arrow was typed: {said!r}")
    check("3/s" in said, f"the match did not run: {said!r}")

    step = "Ctrl-C at a compare over a partly cached range"
    child.sendline("limits alphavantage 1/min; compare KO --days 1m")
    child.expect(prompt, timeout=30)
    child.sendline("compare KO --days 2m")
    child.expect_exact("alphavantage slot")
    time.sleep(1)
    child.sendintr()
    child.expect(prompt, timeout=10)
    said = plain(child.before)
    check("error: compare was cancelled" in said, f"not cancelled: {said!r}")
    check("only polygon" not in said and "agree within" not in said, f"days judged: {said!r}")

    step = "Ctrl-C at a fetch over a partly cached range"
    child.sendline("fetch KO --days 3m --source alphavantage")
    child.expect_exact("alphavantage slot")
    time.sleep(1)
    child.sendintr()
    child.expect(prompt, timeout=10)
    said = plain(child.before)
    check(re.search(r"KO\s+cancelled", said) is not None, f"not cancelled: {said!r}")
    check("error: cancelled before alphavantage answered" in said, f"no error: {said!r}")
    check("listed then" not in said, f"a cause was invented: {said!r}")

    step = "a ticker's name after compare"
    child.sendline("fetch SYN0042 --days 10; compare SYN0042 --days 10 --sources polygon,eodhd")
    child.expect(prompt)
    child.sendline("show SYN0042")
    child.expect(prompt)
    said = plain(child.before)
    check("via polygon" in said and "eodhd" not in said, f"show named compare's last series: {said!r}")

    child.sendline("quit")
    child.expect(pexpect.EOF)

    step = "Ctrl-C at a partly cached compare under -c --json"
    alone = dict(env, XDG_CACHE_HOME=folder + "/cache-c")
    process = subprocess.Popen(
        [binary, "--json", "-c", "limits alphavantage 1/min; compare KO --days 1m; compare KO --days 2m"],
        cwd=folder, env=alone, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    waited = ""
    while "alphavantage slot" not in waited:
        line = process.stderr.readline()
        check(line != "", f"no wait for a slot was said: {waited!r}")
        waited += line
    time.sleep(1)
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=20)
    last = json.loads(out.strip().split("\n")[-1])
    check(process.returncode == 3, f"exit {process.returncode}")
    check(last.get("cancelled") is True and last.get("agreeing_days") is None, f"not cancelled: {last!r}")
    print("ok")


if __name__ == "__main__":
    main(os.path.abspath(sys.argv[1]))
