"""Loaded by every Python subprocess the tests start (via PYTHONPATH): forbid network use.

pytest-socket guards the test process itself; this guards the CLI subprocesses, so a
test fails if any code under test opens a network connection.
"""

import socket


class NetworkForbidden(RuntimeError):
    """Raised when code under test tries to reach the network."""


_real_connect = socket.socket.connect


def _guarded_connect(self, address):  # type: ignore[no-untyped-def]
    if self.family == getattr(socket, "AF_UNIX", None):
        return _real_connect(self, address)
    raise NetworkForbidden(f"network access attempted: {address!r}")


def _guarded_create_connection(address, *args, **kwargs):  # type: ignore[no-untyped-def]
    raise NetworkForbidden(f"network access attempted: {address!r}")


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.create_connection = _guarded_create_connection
