"""Gunicorn's sync worker, with a deadline for reading each request.

A sync worker serves one connection at a time, and gunicorn kills a worker
that stays busy past its timeout (30 s): the client then gets gunicorn's
bare 500 and the log four tracebacks. A client that sends its request one
byte every few seconds does exactly that, however short each read's wait
is. So each connection gets a deadline from the moment it is accepted,
shorter than the worker timeout (``SCREENING_READ_TIMEOUT``, 10 s by
default; see :mod:`screening.gunicorn_conf`): every read waits only until
then. Headers not received by then: the connection is closed, with one log
line. A body not received by then: the app answers with its friendly 408
(:mod:`screening.safety`), which the access log records.

Behind the shipped nginx this never happens (nginx reads the whole request
first); it keeps the promise when clients reach gunicorn directly.
"""

from __future__ import annotations

import socket
import time

from gunicorn.http.errors import NoMoreData
from gunicorn.workers.sync import SyncWorker

from screening import gunicorn_conf


class ReadDeadlinePassed(NoMoreData, TimeoutError):
    """The request was not received in time.

    To gunicorn a :class:`NoMoreData` (a client that went away: no
    traceback); to the app a :class:`TimeoutError`, answered with 408.
    """

    def __str__(self) -> str:
        return "request not received in time"


class DeadlineSocket:
    """A client socket whose reads all end by one deadline; everything else is the socket's."""

    def __init__(self, sock: socket.socket, seconds: float) -> None:
        self._sock = sock
        self._deadline = time.monotonic() + seconds
        #: True once a read was cut short by the deadline.
        self.passed = False
        #: True once anything was sent back (an answer the access log records).
        self.answered = False

    def recv(self, size: int, *flags: int) -> bytes:
        """Read as ``socket.recv`` does, but never past the deadline."""
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            self.passed = True
            raise ReadDeadlinePassed()
        self._sock.settimeout(remaining)
        try:
            return self._sock.recv(size, *flags)
        except TimeoutError:
            self.passed = True
            raise ReadDeadlinePassed() from None
        finally:
            # Writing the answer is not bounded by the read deadline.
            self._sock.settimeout(None)

    def send(self, data: bytes, *flags: int) -> int:
        """Send as ``socket.send`` does (gunicorn's ``100 Continue``)."""
        self.answered = True
        return self._sock.send(data, *flags)

    def sendall(self, data: bytes, *flags: int) -> None:
        """Send as ``socket.sendall`` does."""
        self.answered = True
        self._sock.sendall(data, *flags)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._sock, name)


class DeadlineSyncWorker(SyncWorker):
    """Gunicorn's sync worker, each connection read within ``read_deadline`` seconds."""

    def handle(self, listener, client, addr) -> None:  # type: ignore[no-untyped-def]
        """Serve one connection through a :class:`DeadlineSocket`; log one line if it stalled."""
        read_deadline = gunicorn_conf.read_deadline
        wrapped = DeadlineSocket(client, read_deadline)
        super().handle(listener, wrapped, addr)
        if wrapped.passed and not wrapped.answered:
            self.log.info(
                "Request not received within %s s: connection closed (nothing else logged)",
                f"{read_deadline:g}",
            )
