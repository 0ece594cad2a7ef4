"""Gunicorn settings for production; every value can be overridden from the environment.

Gunicorn refuses to start on an address other computers can reach unless SAFERVOICE_ENV=production (the development
configuration signs cookies with a key kept on this computer and serves this computer only), and its access log
names each route, not the URL, so no invite, resume or confirmation token reaches a log (issue 14)."""

import multiprocessing
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from app.common.access_log import RedactingLogger  # noqa: E402  (needs the project folder on sys.path)

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# No client addresses, query strings or bodies in logs: no answers and no pupil IP ever reach a log line.
# Paths are logged as the route with any token left as its placeholder, e.g. /resume/<token>.
access_log_format = '"%(m)s %(U)s" %(s)s %(b)s %(M)sms'
logger_class = RedactingLogger
errorlog = "-"


def on_starting(server):
    """Refuse a public bind address (from this file, -b, GUNICORN_CMD_ARGS) with a non-production configuration."""
    from app.common.serving import refuse_public_addresses
    from config import config_for

    refuse_public_addresses(server.cfg.bind, loopback_only=config_for(None).LOOPBACK_ONLY)
