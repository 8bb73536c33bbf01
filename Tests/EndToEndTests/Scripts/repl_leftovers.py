"""Leftovers of the REPL issue under a pseudo-terminal: `quit` in the start-up file is refused
(warned about, the REPL goes on), a history file that cannot be written is warned about once, a
compare cancelled with Ctrl-C says so instead of reporting agreement, and a batch cancelled
half-way prints no row wider than the terminal.

Usage: python3 repl_leftovers.py QUANTUM_BINARY   (exit 0 when every check holds)."""
import os
import re
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

    step = "a cancelled compare"
    child.sendline("fault fmp slow 8s")
    child.expect_exact("quantum [6]> ")
    # polygon answers at once; fmp waits 8 s: Ctrl-C while it waits.
    child.sendline("compare SYN0001 --days 10")
    time.sleep(1.5)
    child.sendintr()
    child.expect_exact("quantum [7]> ", timeout=10)
    said = plain(child.before)
    check("cancelled before every source answered" in said, f"not said: {said!r}")
    check("agree within" not in said and "day(s) agree" not in said, f"agreement reported: {said!r}")
    check("error: compare was cancelled" in said, f"no error: {said!r}")

    step = "a cancelled batch's rows"
    child.sendline("fault clear; fault polygon notfound")
    child.expect_exact("quantum [9]> ")
    child.sendline("limits fmp 3/s; limits alphavantage 3/s; limits eodhd 3/s")
    child.expect_exact("quantum [12]> ")
    tickers = " ".join(f"SYN{n:04d}" for n in range(1, 41)) + " NOSUCH1"
    child.sendline(f"batch NOSUCH2 {tickers} --days 10")
    time.sleep(3)
    child.sendintr()
    child.expect(r"(\d+) cancelled", timeout=10)
    shown = plain(child.before)
    child.expect_exact("quantum [13]> ")
    rows = [line for line in shown.replace("\r", "").split("\n") if line.startswith("  ")]
    check(rows, "no rows")
    wide = [line for line in rows if len(line) > WIDTH]
    check(not wide, f"rows wider than {WIDTH}: {wide!r}")
    child.sendline("quit")
    child.expect(pexpect.EOF)
    print("ok")


if __name__ == "__main__":
    main(os.path.abspath(sys.argv[1]))
