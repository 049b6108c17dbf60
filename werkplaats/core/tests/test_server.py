"""The gunicorn worker the site is served with (core/server.py), in a real gunicorn process
talking to real sockets: a finished connection is closed without waiting for the client, and
every response still arrives whole, also where the client sent more than was read."""

import socket
import subprocess
import sys
import time

import pytest

from werkplaats.core.testing import free_port

WORKER = "werkplaats.core.server.SyncWorker"


@pytest.fixture(scope="module")
def server():
    """One gunicorn worker: any request waits for the one before it."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "werkplaats.core.tests.server_app",
            "--workers=1",
            f"--worker-class={WORKER}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("gunicorn did not start") from None
            time.sleep(0.05)
    yield port
    process.terminate()
    process.wait(timeout=10)


def send(port, data, timeout=10):
    """A connection that sent `data`, and everything the server answered until it closed."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    connection.sendall(data)
    received = b""
    while chunk := connection.recv(65536):
        received += chunk
    return connection, received


def get(size):
    return f"GET /?size={size} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()


def body_of(response):
    head, _, body = response.partition(b"\r\n\r\n")
    return head.split(b"\r\n")[0], body


def test_a_client_that_keeps_its_connection_open_does_not_hold_the_worker(server):
    """gunicorn's own sync worker waits up to two seconds for the client to close its side;
    with one worker, the next visitor waited that long."""
    first, response = send(server, get(100))
    try:
        # The first client still holds its connection; the second is answered well within
        # the two seconds gunicorn's worker would wait for the first.
        second, answer = send(server, get(100), timeout=1.5)
        second.close()
    finally:
        first.close()

    assert body_of(response) == (b"HTTP/1.1 200 OK", b"0123456789" * 10)
    assert body_of(answer) == (b"HTTP/1.1 200 OK", b"0123456789" * 10)


def test_large_responses_arrive_whole(server):
    """Closed while the kernel is still sending: the rest of the response still arrives."""
    size = 3_000_000
    expected = (b"0123456789" * (size // 10 + 1))[:size]
    for _ in range(5):
        connection, response = send(server, get(size))
        connection.close()

        assert body_of(response) == (b"HTTP/1.1 200 OK", expected)


def test_a_body_that_was_not_read_does_not_cut_off_the_response(server):
    """A request with a body the app refused without reading it: closing at once would make
    the kernel reset the connection; the graceful close reads it first."""
    body = b"x" * 60_000
    request = (
        b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    for _ in range(20):
        connection, response = send(server, request)
        connection.close()

        assert body_of(response) == (b"HTTP/1.1 413 Content Too Large", b"too large")


def test_a_request_sent_after_the_first_does_not_cut_off_the_first_response(server):
    """Two requests in one go (pipelined): the worker answers the first and closes, whether the
    second is still in the kernel (a graceful close) or already in gunicorn's own buffer; the
    first response arrives whole either way."""
    for _ in range(20):
        connection, response = send(server, get(200_000) + get(10))
        connection.close()

        assert body_of(response) == (b"HTTP/1.1 200 OK", (b"0123456789" * 20_000))
