"""The PDF helper process dies with the process that uses it (issue 14).

A killed gunicorn worker left its helper (~70 MB, WeasyPrint loaded) alive 14 minutes later.
Here an owner process starts the helper (one small document), prints the pids of the helper
and its fork server, and is killed with SIGKILL; both must be gone within a few seconds.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import planwatch
from planwatch.documents import pdf_parallel

OWNER = textwrap.dedent(
    """
    import json, sys, time
    from planwatch.documents import pdf_parallel

    if __name__ == "__main__":
        assert pdf_parallel.submit("<p>x</p>").result(timeout=120).startswith(b"%PDF")
        helpers = list(pdf_parallel._pool._processes)
        server = pdf_parallel.multiprocessing.forkserver._forkserver._forkserver_pid
        print(json.dumps({"helpers": helpers, "server": server}), flush=True)
        time.sleep(600)
    """
)


def gone(pid: int) -> bool:
    """Not running: no such process, or a zombie waiting for init to reap it."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def start_owner(tmp_path) -> tuple[subprocess.Popen, list[int]]:
    script = tmp_path / "owner.py"
    script.write_text(OWNER)
    src = os.path.dirname(os.path.dirname(planwatch.__file__))
    env = dict(os.environ, PYTHONPATH=src, PLANWATCH_PDF_PROCESSES="2")
    owner = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, env=env, text=True
    )
    line = owner.stdout.readline()
    assert line, "the owner did not start its helper"
    pids = json.loads(line)
    return owner, [*pids["helpers"], pids["server"]]


def test_the_helper_dies_when_its_owner_is_killed(tmp_path):
    owner, pids = start_owner(tmp_path)
    assert pids and not any(gone(pid) for pid in pids)
    owner.send_signal(signal.SIGKILL)
    owner.wait(timeout=10)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not all(gone(pid) for pid in pids):
        time.sleep(0.1)
    left = [pid for pid in pids if not gone(pid)]
    for pid in left:  # do not leave them behind if the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == [], "helper processes outlived their owner"


def test_the_watchdog_ends_the_helper_without_prctl(monkeypatch):
    """The fallback on its own: `_watch` returns (by exiting) once the owner pid is gone."""
    exits = []
    monkeypatch.setattr(pdf_parallel.os, "_exit", exits.append)
    monkeypatch.setattr(pdf_parallel, "WATCH_SECONDS", 0.01)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    started = time.monotonic()
    pdf_parallel._watch(dead.pid)
    assert exits == [0]
    assert time.monotonic() - started < 1
    assert pdf_parallel._alive(os.getpid())
