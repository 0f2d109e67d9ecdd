"""The suite fails if code under test opens a network connection, in-process or not."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from pytest_socket import SocketBlockedError

from conftest import subprocess_env


def test_sockets_are_blocked_in_the_test_process() -> None:
    with (
        pytest.raises(SocketBlockedError),
        pytest.warns(UserWarning, match="tried to use socket"),
    ):
        socket.create_connection(("127.0.0.1", 9), timeout=1)


def test_sockets_are_blocked_in_cli_subprocesses() -> None:
    script = "import socket; socket.create_connection(('127.0.0.1', 9), timeout=1)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=subprocess_env())  # fmt: skip
    assert done.returncode != 0
    assert "NetworkForbidden" in done.stderr
