"""Browser seats: ``cpx serve --web PORT`` in a real headless Chromium.

The distribution's Chromium (/usr/bin/chromium; ``.ci/run`` installs it) driven by the
``playwright`` package, never a downloaded browser. The page draws a terminal on a
canvas, so the test asserts on effects: the order typed in the page is in the journal.
"""

from __future__ import annotations

import json
import subprocess
import socket
import time
from pathlib import Path

import pytest

from tests.server.conftest import Server

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium "
                                "(apt-get install -y chromium; .ci/run does it)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def web_served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web")
    port = free_port()
    server = Server(["tutorial", "--seed", "4", "--speed", "60", "--paused", "--web", str(port)],
                    folder)
    server.web = f"http://127.0.0.1:{port}/"
    assert any(line.startswith(f"browser seats on {server.web}") for line in server.output)
    yield server
    assert server.stop() == 0


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # the page links a web font: the rule keeps the browser on this machine
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
        yield chromium
        chromium.close()


def orders_to(journal: Path, target: str, timeout: float = 60) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [line for line in map(json.loads, journal.read_text().splitlines())
                 if line.get("type") == "order" and line["order"].get("target") == target]
        if found:
            return found
        time.sleep(0.3)
    return []


def open_seat(browser, url: str):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(url)
    page.wait_for_selector("body.-first-byte", timeout=60_000)
    page.click("#terminal")
    return page


def give_order(page, line: str) -> None:
    page.keyboard.type(":" + line)
    time.sleep(0.5)  # the command line has all of it before Enter
    page.keyboard.press("Enter")


def start_and_order(page, line: str, journal: Path) -> list[dict]:
    """Enter closes the briefing, then the order is typed; again if the page was still
    drawing the briefing (the machine is shared: a fixed wait is not always enough).
    The journal is what says the order arrived; the canvas has no text to read."""
    target = line.split()[2]
    for _attempt in range(4):
        page.keyboard.press("Enter")
        time.sleep(1.5)
        give_order(page, line)
        found = orders_to(journal, target, timeout=12)
        if found:
            return found
    return []


def test_a_seat_joins_with_the_token_in_the_address_and_its_order_reaches_the_journal(
        web_served, browser):
    page = open_seat(browser, web_served.web + "?token=" + web_served.token("player"))
    try:
        time.sleep(2.0)  # the briefing
        found = start_and_order(page, "surveil tut_surveillance bar_nightingale",
                                web_served.journal())
        assert found and found[0]["result"]["accepted"] is True
    finally:
        page.close()


def test_the_page_asks_for_the_token_and_refuses_a_wrong_one(web_served, browser):
    page = open_seat(browser, web_served.web)
    try:
        time.sleep(3.0)  # the join screen
        page.keyboard.type("not-the-token-at-all")
        page.keyboard.press("Enter")
        time.sleep(2.5)  # refused: the join screen asks again
        page.keyboard.type(web_served.token("player"))
        page.keyboard.press("Enter")
        time.sleep(2.5)  # joined: the briefing
        found = start_and_order(page, "task_informant tut_investigation inf_robin",
                                web_served.journal())
        assert found and found[0]["result"]["accepted"] is True
    finally:
        page.close()


def test_with_tls_the_page_is_https_and_its_seat_joins_over_wss(browser, tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    port = free_port()
    server = Server(["tutorial", "--paused", "--web", str(port), "--tls-cert", str(cert),
                     "--tls-key", str(key)], tmp_path)
    try:
        assert server.url.startswith("wss://")
        page = browser.new_page(ignore_https_errors=True)  # self-signed, made above
        try:
            page.goto(f"https://127.0.0.1:{port}/?token={server.token('player')}")
            page.wait_for_selector("body.-first-byte", timeout=60_000)
            page.click("#terminal")
            time.sleep(2.0)
            found = start_and_order(page, "surveil tut_surveillance bar_nightingale",
                                    server.journal())
            assert found and found[0]["result"]["accepted"] is True
        finally:
            page.close()
    finally:
        assert server.stop() == 0
