"""Helpers of the notification tests."""

from __future__ import annotations

from fieldsales.notifications.models import Notification


def notes(user, kind=None):
    """(kind, title) of the user's notifications, oldest first."""
    found = Notification.objects.filter(recipient=user).order_by("pk")
    if kind:
        found = found.filter(kind=kind)
    return [(n.kind, n.title) for n in found]


class Robot:
    """A group robot on 127.0.0.1 (http.server in a thread): records each POSTed JSON body and
    answers `{"errcode": 0}` as DingTalk and WeCom do."""

    def __init__(self) -> None:
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.calls: list[dict] = []
        calls = self.calls

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                calls.append(json.loads(self.rfile.read(length)))
                body = b'{"errcode": 0, "errmsg": "ok"}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/robot/send?access_token=t"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Robot:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
