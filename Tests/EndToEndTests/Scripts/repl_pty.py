"""The REPL under a pseudo-terminal, as a person types at it: TAB completion, history recall,
Ctrl-C during a slow batch (finished results kept, back at the prompt), a line continued with a
backslash, Ctrl-D to leave, and 'quit' after a command.

Usage: python3 repl_pty.py QUANTUM_BINARY   (exit 0 when every check holds; the environment
given is passed on, so it decides keys, XDG folders and so on)."""
import re
import sys

import pexpect

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
step = "starting"


def main(binary: str) -> None:
    global step
    child = pexpect.spawn(binary, encoding="utf-8", codec_errors="replace", timeout=20, dimensions=(40, 140))
    child.expect_exact("quantum [1]> ")

    step = "TAB completion"
    # TAB completes the command, a ticker and an option (libedit redraws only what changes, so
    # the proof is the command that runs).
    child.send("fet\t")
    child.send("AAP\t")
    child.send("--da\t")
    child.send("5\r")
    child.expect(r"AAPL.*ok.* via polygon")
    child.expect_exact("quantum [2]> ")

    step = "history recall"
    # Up arrow recalls the last line; Enter runs it again as cell 2.
    child.send("\x1b[A")
    child.send("\r")
    child.expect_exact("quantum [3]> ")
    child.sendline("history")
    child.expect(r"2\s+fetch AAPL --days 5")
    child.expect_exact("quantum [4]> ")

    step = "Ctrl-C at the prompt"
    # Ctrl-C at the prompt abandons the line and prompts again.
    child.send("sources ord")
    child.sendintr()
    child.expect_exact("quantum [4]> ")

    step = "Ctrl-C during a batch"
    # Ctrl-C during a slow batch cancels it; what finished is kept.
    child.sendline("fault eodhd slow 2s; fault polygon slow 2s; fault fmp slow 2s; fault alphavantage slow 2s")
    child.expect_exact("quantum [8]> ")
    child.sendline("batch MSFT NVDA AMZN GOOGL META TSLA --concurrency 2")
    child.expect("2/6|1/6", timeout=10)
    child.sendintr()
    child.expect_exact("cancelling")
    child.expect(r"\d+ cancelled")
    child.expect_exact("quantum [9]> ")

    step = "continuation"
    # A line ending in a backslash continues at a '...>' prompt; the command runs when it ends.
    child.send("fault clear; fetch MSFT \\\r")
    child.expect_exact("...> ")
    child.send("--days 3\r")
    child.expect(r"MSFT.*ok")
    child.expect_exact("quantum [11]> ")

    step = "Ctrl-D"
    # Ctrl-D leaves with status 0.
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    if child.exitstatus != 0:
        raise SystemExit(f"exit status {child.exitstatus}")

    step = "quit after a command"
    # 'quit' on a line runs the commands before it, then leaves with status 0.
    child = pexpect.spawn(binary, encoding="utf-8", codec_errors="replace", timeout=20, dimensions=(40, 140))
    child.expect_exact("quantum [1]> ")
    child.sendline("fetch AAPL --days 3; quit")
    child.expect(r"AAPL.*ok")
    child.expect(pexpect.EOF)
    child.close()
    if child.exitstatus != 0:
        raise SystemExit(f"exit status {child.exitstatus} after quit")


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except pexpect.ExceptionPexpect as error:
        raise SystemExit(f"REPL check failed at {step}: {type(error).__name__}: {ANSI.sub('', str(error))[:2000]}")
