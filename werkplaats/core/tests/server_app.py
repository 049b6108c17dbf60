"""A WSGI app for test_server.py: GET /?size=N answers N bytes (b"0123456789" repeated); any
other method is refused with 413 without reading the request's body."""

from urllib.parse import parse_qs


def application(environ, start_response):
    if environ["REQUEST_METHOD"] != "GET":
        body = b"too large"
        start_response("413 Content Too Large", [("Content-Length", str(len(body)))])
        return [body]
    size = int(parse_qs(environ.get("QUERY_STRING", "")).get("size", ["100"])[0])
    body = (b"0123456789" * (size // 10 + 1))[:size]
    start_response("200 OK", [("Content-Length", str(size))])
    return [body]
