"""Helpers for tests that run kbase in a real gunicorn process with production settings."""

import atexit
import contextlib
import http.client
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(**extra: str) -> dict[str, str]:
    """The environment docs/operations.md documents for production: DEBUG off, a long key."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "KBASE_")) and k not in {"SECRET_KEY", "DATABASE_URL"}
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_LOG_LEVEL="ERROR",
    )
    env.update(extra)
    return env


@cache
def collected_static() -> Path:
    """collectstatic once per test session, into a temporary STATIC_ROOT."""
    root = Path(tempfile.mkdtemp(prefix="kbase-static-"))
    atexit.register(shutil.rmtree, root, True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=REPO,
        env=production_env(DJANGO_STATIC_ROOT=str(root)),
        check=True,
        capture_output=True,
    )
    return root


def get(
    port: int, path: str, *, https: bool = True, headers: dict | None = None, timeout: float = 10
):
    """GET without following redirects; `https` says so through X-Forwarded-Proto as a proxy
    would. Returns (status, headers, body bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    sent = {"Host": "127.0.0.1", **(headers or {})}
    if https:
        sent["X-Forwarded-Proto"] = "https"
    try:
        conn.request("GET", path, headers=sent)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def server_database_url(tmp_path: Path) -> str:
    """A database the server process can open: the test database on PostgreSQL (the caller
    needs the `db` or `transactional_db` fixture), a freshly migrated SQLite file otherwise."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        host = settings["HOST"] or "127.0.0.1"
        user = settings["USER"] or "postgres"
        return f"postgres://{user}@{host}:{settings['PORT'] or 5432}/{settings['NAME']}"
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=REPO,
        env=production_env(DATABASE_URL=url),
        check=True,
        capture_output=True,
    )
    return url


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 1):
    """A gunicorn serving kbase on a free loopback port; yields the port once /healthz answers."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(GUNICORN),
            "kbase.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "30",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {process.stdout.read().decode()[-3000:]}")
            try:
                get(port, "/healthz", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


class TcpProxy:
    """A loopback TCP forwarder that can be stopped (the database goes away) and started again.

    Stopping closes the listening socket and every forwarded connection, so pooled connections
    break and new ones are refused, as when the database server goes down.
    """

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.port = free_port()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._server: socket.socket | None = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(16)
        server.settimeout(0.1)
        self._server = server
        self._stopping.clear()
        self._thread = threading.Thread(target=self._accept, args=(server,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
        if self._server is not None:
            self._server.close()
            self._server = None
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, server: socket.socket) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            try:
                upstream = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                target.shutdown(socket.SHUT_WR)
