"""The gunicorn worker the site is served with (README: Production; bench/driver.py).

gunicorn's sync worker answers one request per connection and then closes it gracefully
(RFC 9112, section 9.6): it sends its FIN and waits, up to two seconds, until the client has
closed its side, reading whatever the client still sends. That wait protects a client whose
request body was not read: closing a socket with unread data in it makes the kernel send a
reset, which can make the client lose the end of the response. But the worker waits for every
request, and meanwhile it serves no one: a round trip per request under load, and two seconds
for a client that keeps its connection open.

This worker waits only where the wait protects someone. A request without a body (GET, HEAD:
nearly every request a visitor makes) that has left nothing unread on the connection is closed
at once; the kernel still sends the rest of the response and the FIN, as it does for nginx's
lingering close when no more data is expected. Anything else (a request with a body, data the
client sent after its request, TLS) gets gunicorn's graceful close as before.
"""

import socket

from gunicorn.workers.sync import SyncWorker as GunicornSyncWorker


def _has_body(request):
    for name, value in request.headers:
        if name == "TRANSFER-ENCODING" or (name == "CONTENT-LENGTH" and value.strip() != "0"):
            return True
    return False


def _unread(client):
    """True when the client sent something the worker has not read (or we cannot tell)."""
    try:
        return client.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) != b""
    except BlockingIOError:
        return False  # nothing waiting
    except OSError:
        return True


class SyncWorker(GunicornSyncWorker):
    def handle_request(self, listener, req, client, addr):
        super().handle_request(listener, req, client, addr)
        # Only after a response that went out whole (an error raises above and is answered
        # by gunicorn on the open connection), and never for TLS, whose socket cannot peek.
        if not self.cfg.is_ssl and not _has_body(req) and not _unread(client):
            # gunicorn's graceful close that follows finds the socket closed and does nothing.
            client.close()
