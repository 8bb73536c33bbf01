"""The REPL's shell manners under a pseudo-terminal, as a psql or IPython user expects them: the
start-up file and --no-rc, a prompt that shows state, !N, history N, the history file shared by
two REPLs, a resize, Ctrl-Z and fg, the prompt on the terminal when stdout is a pipe, a replace
question before save, the pager, output FILE, UTF-8 typed at the prompt, did-you-mean.

Usage: python3 repl_shell.py QUANTUM_BINARY   (exit 0 when every check holds; XDG_* folders come
from the environment given, as the Swift test sets them)."""
import os
import re
import sys
import tempfile
import time

import pexpect

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
step = "starting"


def spawn(binary, folder, *args, env=None, dimensions=(40, 140)):
    child = pexpect.spawn(binary, list(args), cwd=folder, env=env or os.environ.copy(), encoding="utf-8", codec_errors="replace",
                          timeout=20, dimensions=dimensions)
    return child


def plain(text):
    return ANSI.sub("", text)


def check(condition, message):
    if not condition:
        raise SystemExit(f"REPL shell check failed at {step}: {message}")


def main(binary: str) -> None:
    global step
    folder = tempfile.mkdtemp(prefix="quantum-shell-")
    config = os.environ["XDG_CONFIG_HOME"] + "/quantum"
    history = os.environ["XDG_STATE_HOME"] + "/quantum/history"
    os.makedirs(config, exist_ok=True)
    with open(config + "/quantumrc", "w") as rc:
        rc.write("set timing on\n")

    step = "start-up file"
    child = spawn(binary, folder)
    child.expect_exact("from " + config + "/quantumrc")
    child.expect_exact("(sim) quantum [2]> ")
    child.sendline("fetch AAPL --days 5")
    child.expect(r"time: \d+\.\d ms")

    step = "prompt state"
    child.sendline("record rec.qscript")
    child.expect_exact("(sim, rec) quantum [4]> ")
    child.sendline("record stop")
    child.expect_exact("(sim) quantum [5]> ")

    step = "!N and history N"
    child.sendline("!2")
    child.expect_exact("fetch AAPL --days 5")
    child.expect(r"AAPL.*ok")
    child.expect_exact("quantum [6]> ")
    child.sendline("history 2")
    child.expect(r"4\s+record stop\s+5\s+fetch AAPL --days 5")
    child.expect_exact("quantum [7]> ")
    child.sendline("!99")
    child.expect_exact("!99 names no command")

    step = "replace question"
    child.sendline("save notes.md")
    child.expect_exact("quantum [8]> ")
    child.sendline("save notes.md")
    child.expect_exact("notes.md exists - replace it? [y/N] ")
    child.sendline("n")
    child.expect_exact("not replaced: notes.md")
    child.expect_exact("quantum [8]> ")
    child.sendline("save notes.md")
    child.expect_exact("replace it? [y/N] ")
    child.sendline("y")
    child.expect(r"saved \d+ cell\(s\) to notes.md")
    child.expect_exact("quantum [9]> ")

    step = "output FILE"
    child.sendline("output out.txt; sources; output")
    child.expect_exact("output back to standard output")
    child.expect_exact("quantum [12]> ")
    with open(os.path.join(folder, "out.txt")) as out:
        check("alphavantage" in out.read(), "the sources table is not in out.txt")

    step = "did you mean"
    child.sendline("fetch AAPL --jsn")
    child.expect_exact("did you mean '--json'?")
    child.sendline("sources order fmp,polgon")
    child.expect_exact("did you mean 'polygon'?")

    step = "resize"
    child.sendline("fetch AAPL --days 30")
    child.expect_exact("quantum [13]> ")
    child.setwinsize(40, 60)
    child.sendline("chart --height 3")
    child.expect_exact("quantum [14]> ")
    narrow = max(len(line) for line in plain(child.before).splitlines())
    child.setwinsize(40, 130)
    child.sendline("chart --height 3")
    child.expect_exact("quantum [15]> ")
    wide = max(len(line) for line in plain(child.before).splitlines())
    check(narrow <= 60 < wide, f"chart widths {narrow} then {wide} after resizing to 60 then 130 columns")

    step = "UTF-8 at the prompt"
    child.sendline("save données.md")
    child.expect_exact("saved")
    child.expect_exact("quantum [16]> ")
    check(os.path.exists(os.path.join(folder, "données.md")), "données.md was not written")
    child.sendeof()
    child.expect(pexpect.EOF)

    step = "Ctrl-Z and fg"
    # Under a shell with job control, as a person runs it: Ctrl-Z stops it, fg redraws the line.
    shell = pexpect.spawn("/bin/bash", ["--norc", "--noprofile", "-i"], cwd=folder, encoding="utf-8", timeout=20,
                          env=dict(os.environ, PS1="shell$ "))
    shell.expect_exact("shell$ ")
    shell.sendline(f"'{binary}' --no-rc")
    shell.expect_exact("(sim) quantum [1]> ")
    shell.send("fetch MS")
    time.sleep(0.3)
    shell.sendcontrol("z")
    shell.expect("Stopped")
    shell.expect_exact("shell$ ")
    shell.sendline("fg")
    shell.expect_exact("quantum [1]> fetch MS")
    shell.send("FT --days 30\r")
    shell.expect(r"MSFT.*ok")
    shell.expect_exact("quantum [2]> ")
    shell.sendline("quit")
    shell.expect_exact("shell$ ")
    shell.sendline("exit")
    shell.expect(pexpect.EOF)

    step = "pager"
    env = os.environ.copy()
    env["PAGER"] = "sed s/^/PAGED:/"
    child = spawn(binary, folder, "--no-rc", env=env, dimensions=(20, 100))
    child.expect_exact("(sim) quantum [1]> ")
    child.sendline("fetch AAPL --days 3m; show --all")
    child.expect_exact("PAGED:  20")
    child.expect_exact("quantum [3]> ")
    child.sendline("set pager off; show --all")
    child.expect_exact("quantum [5]> ")
    check("PAGED:" not in child.before, "set pager off still paged")
    # `quit`, not Ctrl-D: under a loaded CI machine a Ctrl-D sent the instant this prompt showed
    # was once not seen (1 run in ~500 here; Ctrl-D itself is checked in the steps above).
    child.sendline("quit")
    child.expect(pexpect.EOF)

    step = "history shared by two REPLs"
    first = spawn(binary, folder, "--no-rc")
    second = spawn(binary, folder, "--no-rc")
    first.expect_exact("quantum [1]> ")
    second.expect_exact("quantum [1]> ")
    first.sendline("limits polygon 7/s")
    first.expect_exact("quantum [2]> ")
    second.sendline("limits fmp 9/s")
    second.expect_exact("quantum [2]> ")
    first.sendline("sources")
    first.expect_exact("quantum [3]> ")
    for child in (first, second):
        child.sendeof()
        child.expect(pexpect.EOF)
    with open(history) as file:
        text = file.read()
    for line in ("limits\\040polygon\\0407/s", "limits\\040fmp\\0409/s", "sources"):
        check(line in text, f"{line} is missing from the history file:\n{text}")

    step = "prompt with stdout piped"
    log = os.path.join(folder, "tee.log")
    child = pexpect.spawn("/bin/sh", ["-c", f"'{binary}' --no-rc | cat > '{log}'"], cwd=folder, encoding="utf-8",
                          timeout=20)
    child.expect_exact("(sim) quantum [1]> ")
    child.sendline("sources")
    child.expect_exact("quantum [2]> ")
    child.sendline("quit")
    child.expect(pexpect.EOF)
    with open(log) as file:
        text = file.read()
    check("alphavantage" in text and "quantum [" not in text, f"the piped output is:\n{text}")


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except pexpect.ExceptionPexpect as error:
        raise SystemExit(f"REPL shell check failed at {step}: {type(error).__name__}: {plain(str(error))[:2000]}")
