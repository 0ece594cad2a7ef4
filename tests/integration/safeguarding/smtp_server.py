"""A tiny SMTP server for tests (enough of RFC 5321 for ``smtplib``), and a port where nothing listens."""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_string, policy


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.messages: list[str] = []

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def bodies(self) -> list[str]:
        return [message_from_string(raw, policy=policy.default).get_content() for raw in self.messages]


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def _reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self._reply("220 test ESMTP")
        data: list[str] | None = None
        for raw in iter(self.rfile.readline, b""):
            line = raw.decode("utf-8", "replace")
            if data is not None:
                if line.rstrip("\r\n") == ".":
                    self.server.messages.append("".join(data))
                    data = None
                    self._reply("250 OK")
                else:
                    data.append(line[1:] if line.startswith("..") else line)
                continue
            verb = line[:4].upper()
            if verb == "EHLO":
                self._reply("250-test")
                self._reply("250 8BITMIME")
            elif verb == "DATA":
                data = []
                self._reply("354 End data with <CR><LF>.<CR><LF>")
            elif verb == "QUIT":
                self._reply("221 Bye")
                return
            else:
                self._reply("250 OK")


@contextmanager
def smtp_server() -> Iterator[_Server]:
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    """A local port nothing listens on: connecting is refused at once, as with a mail server that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
