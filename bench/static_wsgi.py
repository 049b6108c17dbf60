"""gunicorn's own ceiling: a WSGI app that answers every request with the saved home page.

bench/run serves it with the same gunicorn settings as the site. The distance from here to the
site's cached figures is what Django and the page cache cost per request; the distance from
here to nginx is what gunicorn costs.
"""

import os
from pathlib import Path

BODY = Path(os.environ["BENCH_HTML"]).read_bytes()
HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Content-Length", str(len(BODY))),
]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
