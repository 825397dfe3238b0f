#!/usr/bin/env python3
"""How long `crowdgallery serve` takes to show an edit: from the file's save to the reload event.

    python benchmarks/serve_latency.py [--size full|small] [--edits 5] [--target shm|disk]

Copies the synthetic gallery (run.py's, generated once) into a scratch folder, starts a real
`python -m crowdgallery serve` process on a free port, connects to its event stream
(`/__crowdgallery__/events`, server-sent events, as the page's script does) and then, --edits
times, renames the first submission of submissions.csv and waits for the `reload` event.  For each
edit it prints the time from the end of the save to the event's arrival (wall), the CPU time the
server process used meanwhile (user+sys from /proc/PID/stat: the rebuild and the watcher), and the
server's resident memory after the rebuild (VmRSS from /proc/PID/status); then the best and the
median, and the growth of the memory from the first rebuild to the last (run with --edits 50 to see
whether memory grows across rebuilds).  The wait includes serve's quarter-second debounce.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import run  # noqa: E402  (benchmarks/run.py: the generated sites, the child environment)

EVENTS = "/__crowdgallery__/events"
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads) from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Events:
    """The event stream, read in a thread; ``wait(n)`` blocks until the n-th reload event arrived."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.conn.request("GET", EVENTS)
        self.response = self.conn.getresponse()
        self.reloads = 0
        self.arrived = threading.Condition()
        self.times: list[float] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.response:
            if line.rstrip(b"\r\n") == b"event: reload":
                with self.arrived:
                    self.reloads += 1
                    self.times.append(time.perf_counter())
                    self.arrived.notify_all()

    def wait(self, count: int, timeout: float) -> float | None:
        with self.arrived:
            if not self.arrived.wait_for(lambda: self.reloads >= count, timeout):
                return None
            return self.times[count - 1]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", choices=sorted(run.SIZES), default="full")
    p.add_argument("--edits", type=int, default=5, help="edits to time (default 5; 50 to watch memory)")
    p.add_argument("--target", choices=("shm", "disk"), default="disk",
                   help="where the site, output and cache go (default: disk, the system temp folder)")
    p.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for one reload")
    args = p.parse_args(argv)
    problem = run.check_importable()
    if problem:
        print(f"cannot import crowdgallery: {problem}", file=sys.stderr)
        return 2
    base = "/dev/shm" if args.target == "shm" and Path("/dev/shm").is_dir() else None
    scratch = Path(tempfile.mkdtemp(prefix="crowdgallery-serve-", dir=base))
    server = None
    try:
        source = run.cached_site(run.SIZES[args.size], 1, True, scratch)
        site = scratch / "site"
        shutil.copytree(source, site)
        cmd = [sys.executable, "-m", "crowdgallery", "serve", str(site), "--port", "0", "-o", str(scratch / "out"),
               "--cache-dir", str(scratch / "cache"), "--now", run.NOW]
        print(f"size: {args.size}; site, output and cache under {scratch} ({run.filesystem_of(scratch)}); "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start", flush=True)
        started = time.perf_counter()
        server = subprocess.Popen(cmd, cwd=run.REPO, env=dict(run.child_env(), PYTHONUNBUFFERED="1"),
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        lines: list[str] = []
        for line in server.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("Serving "):
                break
        else:
            print("serve stopped before serving:\n" + "\n".join(lines), file=sys.stderr)
            return 1
        threading.Thread(target=lambda: [lines.append(x.rstrip("\n")) for x in server.stdout], daemon=True).start()
        port = int(re.search(r":(\d+)/ ", lines[-1]).group(1))
        print(f"first build and start: {time.perf_counter() - started:.1f} s wall, "
              f"{cpu_seconds(server.pid):.1f} s CPU, {rss_mb(server.pid):.0f} MB resident", flush=True)
        events = Events(port)
        time.sleep(1.0)  # the stream is connected and the watcher settled
        print(f"{'edit':>4} {'save→reload s':>14} {'server CPU s':>13} {'RSS MB':>7}  server said")
        rows = []
        for n in range(1, args.edits + 1):
            cpu_before = cpu_seconds(server.pid)
            run.change_one_submission(site, n)
            saved = time.perf_counter()
            arrived = events.wait(n, args.timeout)
            if arrived is None:
                print(f"no reload within {args.timeout:.0f} s:\n" + "\n".join(lines[-20:]), file=sys.stderr)
                return 1
            time.sleep(0.05)  # let the server finish its line
            rows.append((arrived - saved, cpu_seconds(server.pid) - cpu_before, rss_mb(server.pid)))
            said = next((x for x in reversed(lines) if x.startswith(("Built", "Build failed"))), "")
            print(f"{n:>4} {rows[-1][0]:>14.2f} {rows[-1][1]:>13.2f} {rows[-1][2]:>7.0f}  {said}", flush=True)
        waits, cpus = [r[0] for r in rows], [r[1] for r in rows]
        print(f"save→reload: best {min(waits):.2f} s, median {statistics.median(waits):.2f} s; "
              f"server CPU per edit: best {min(cpus):.2f} s, median {statistics.median(cpus):.2f} s; "
              f"resident memory after edit 1: {rows[0][2]:.0f} MB, after edit {len(rows)}: {rows[-1][2]:.0f} MB; "
              f"load average now {os.getloadavg()[0]:.1f}")
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            try:
                server.wait(120)  # it saves its caches before it ends
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
