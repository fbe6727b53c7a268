"""``cpx serve --tls-cert/--tls-key``: wss:// with a self-signed certificate made here."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cpx.commands.serve import clear_text_warning
from cpx.tui.remote_session import RemoteSession
from tests.server.conftest import Server



@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 and localhost, valid for a day."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


@pytest.fixture(scope="module")
def tls_served(certificate, tmp_path_factory):
    cert, key = certificate
    server = Server(["tutorial", "--paused", "--tls-cert", str(cert), "--tls-key", str(key)],
                    tmp_path_factory.mktemp("served"))
    yield server
    assert server.stop() == 0


def seat(url: str, token: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cpx.cli", "seat", "--connect", url,
                           "--token", token, "--linger", "0.5", *extra],
                          input=json.dumps({"type": "ping"}) + "\n",
                          capture_output=True, text=True, timeout=300)


def test_the_server_says_wss_and_a_seat_trusting_the_certificate_joins(tls_served, certificate):
    assert tls_served.url.startswith("wss://127.0.0.1:")
    done = seat(tls_served.url, tls_served.token("player"), "--cafile", str(certificate[0]))
    assert done.returncode == 0, done.stderr
    messages = [json.loads(line) for line in done.stdout.splitlines()]
    assert messages[0]["type"] == "welcome" and {"pong"} <= {m["type"] for m in messages}


def test_a_seat_that_does_not_trust_the_certificate_is_refused_in_one_line(tls_served):
    done = seat(tls_served.url, tls_served.token("player"))
    assert done.returncode == 1 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and "certificate" in done.stderr
    plain = seat(tls_served.url.replace("wss://", "ws://"), tls_served.token("player"))
    assert plain.returncode == 1 and len(plain.stderr.splitlines()) == 1


def test_the_command_post_joins_over_wss(tls_served, certificate):
    session = RemoteSession(tls_served.url, tls_served.token("player"), str(certificate[0]))
    try:
        assert session.cell == "trainee" and session.connected
        assert session.scenario.meta.id == "tutorial"
    finally:
        session.close()


def test_tokens_in_clear_are_warned_about_only_off_this_machine_without_tls():
    assert clear_text_warning("127.0.0.1", tls=False) == ""
    assert clear_text_warning("::1", tls=False) == ""
    assert clear_text_warning("localhost", tls=False) == ""
    assert "in clear" in clear_text_warning("0.0.0.0", tls=False)
    assert "in clear" in clear_text_warning("exercise.example", tls=False)
    assert clear_text_warning("0.0.0.0", tls=True) == ""


def test_half_a_certificate_is_refused(tmp_path, certificate):
    done = subprocess.run([sys.executable, "-m", "cpx.cli", "serve", "tutorial", "--port", "0",
                           "--tls-cert", str(certificate[0])], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "--tls-key" in done.stderr
    assert not list(tmp_path.iterdir()), "a refusal leaves nothing behind"
