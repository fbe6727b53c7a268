"""A real ``cpx serve`` process on a free localhost port, and real WebSocket clients."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from websockets.sync.client import connect

STARTUP = 180  # seconds: the machine is shared, and the server loads a scenario first

SURVEIL = {"verb": "surveil", "unit": "tut_surveillance", "target": "bar_nightingale",
           "params": {"hours": 8}}


class Server:
    """A ``cpx serve`` subprocess; ``url`` once it listens, ``seats`` from its seats file."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        self.cwd = cwd
        self.lines: "queue.Queue[str]" = queue.Queue()
        self.output: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cpx.cli", "serve", *args, "--port", "0"],
            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self._wait_for_url()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.output.append(line)
            self.lines.put(line)

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + STARTUP
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.proc.poll() is not None:
                    raise AssertionError(f"cpx serve exited: {self.proc.stderr.read()}")
                continue
            if line.startswith("listening on "):
                return line.split()[-1]
        raise AssertionError("cpx serve did not start listening")

    def seats_file(self) -> Path:
        for line in self.output:
            if line.startswith("seats:"):
                return self.cwd / line.split()[1]
        raise AssertionError("no seats line")

    def token(self, role: str) -> str:
        seats = json.loads(self.seats_file().read_text())
        return next(s["token"] for s in seats if s["role"] == role)

    def journal(self) -> Path:
        for line in self.output:
            if line.startswith("journal:"):
                return self.cwd / line.split()[1]
        raise AssertionError("no journal line")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=120)

    def kill9(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=60)


@contextlib.contextmanager
def join(url: str, token: str):
    """A connected client that has said hello: ``with join(url, token) as (ws, welcome)``."""
    with connect(url, open_timeout=30, max_size=None) as ws:
        ws.send(json.dumps({"type": "hello", "protocol": 1, "token": token}))
        yield ws, json.loads(ws.recv(timeout=30))


def ask(ws, message: dict | str, want: str | tuple[str, ...]) -> dict:
    """Send ``message`` and return the first answer whose type is in ``want``.

    Events and clock messages that stream meanwhile are skipped, except that an
    ``events`` message is returned when asked for.
    """
    ws.send(message if isinstance(message, str) else json.dumps(message))
    return receive(ws, want)


def receive(ws, want: str | tuple[str, ...], timeout: float = 30) -> dict:
    want = (want,) if isinstance(want, str) else want
    deadline = time.monotonic() + timeout
    while True:
        answer = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
        if answer["type"] in want:
            return answer


def collect(ws, since: int = 0, view: str | None = None, quiet: float = 1.0) -> list[dict]:
    """Subscribe from ``since`` and gather events until none come for ``quiet`` seconds."""
    message = {"type": "subscribe", "since": since}
    if view is not None:
        message["cell"] = view
    ws.send(json.dumps(message))
    events: list[dict] = []
    while True:
        try:
            answer = json.loads(ws.recv(timeout=quiet))
        except TimeoutError:
            return events
        assert answer["type"] != "error", answer
        if answer["type"] == "events":
            events.extend(answer["events"])


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The tutorial served paused (EXCON-style start), so tests control the clock."""
    folder = tmp_path_factory.mktemp("serve")
    server = Server(["tutorial", "--seed", "3", "--speed", "240", "--paused"], folder)
    yield server
    server.stop()
