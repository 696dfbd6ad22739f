"""Settings for gunicorn, the production server: ``gunicorn -c python:screening.gunicorn_conf``.

The access log names method, path (never the query string), status and time:
no request body, no answer, no client address. Run gunicorn behind a
buffering proxy (nginx) in production; see the README.
"""

import os

bind = os.environ.get("SCREENING_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("SCREENING_WORKERS", "2"))
# Load the app once in the master: a broken content file stops start-up at
# once with its one-line message, and workers share the loaded content.
preload_app = True
# Gunicorn 24+ opens a control socket under ~/.gunicorn by default: a file
# the app does not need, and this app writes no files.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
# %(U)s is the path without the query string, so nothing typed in a URL
# reaches the log either.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# The app refuses bodies over 64 KiB itself; these bound the request line and
# headers before the app sees them.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
