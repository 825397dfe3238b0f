"""`crowdgallery serve` run for real by the tests: a subprocess, its URL, real HTTP, the event stream."""
from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EVENTS = "/__crowdgallery__/events"

SITE = {
    "site.yaml": "title: Live Gallery\n",
    "campaigns.yaml": "- {id: c, title: Cups}\n",
    "designers.yaml": "- {id: ada, name: Ada}\n",
    "submissions.yaml": "- {id: a, title: First Wave, designer: ada}\n",
    "votes.csv": "submission,voter,value\na,v1,1\n",
}


class Server:
    """`crowdgallery serve SITE --port 0` in a subprocess; the URL it prints; its output."""

    def __init__(self, site: Path, *args: str):
        env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen([sys.executable, "-m", "crowdgallery", "serve", str(site), "--port", "0", *args],
                                     cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.ready.wait(60), "the server did not start:\n" + "\n".join(self.lines)
        match = re.search(r"at http://127\.0\.0\.1:(\d+)/", self.lines[-1])
        self.port = int(match.group(1))

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            if line.startswith("Serving "):
                self.ready.set()

    def get(self, path: str) -> tuple[int, str, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", path)  # sent as written: no client-side normalising of '..'
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace"), dict(response.getheaders())
        finally:
            conn.close()

    def wait_for(self, path: str, test, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        body = ""
        while time.monotonic() < deadline:
            status, body, _ = self.get(path)
            if test(status, body):
                return body
            time.sleep(0.1)
        raise AssertionError(f"{path} never matched; last body:\n{body[:2000]}\nserver said:\n" + "\n".join(self.lines))

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class EventStream:
    """Reads the server-sent events stream in a thread, collecting its lines."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.conn.request("GET", EVENTS)
        self.response = self.conn.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type") == "text/event-stream"
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for line in self.response:
                self.lines.append(line.decode().rstrip("\n"))
        except (OSError, ValueError):
            pass

    def reloads(self) -> int:
        return sum(1 for line in self.lines if line == "event: reload")
