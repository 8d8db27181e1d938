"""TokenStore: keyring reads and writes off the UI thread must never bring back an older token."""

from __future__ import annotations

import threading

import keyring
import pytest
from helpers import MemoryKeyring

from desktop.settings import KEYRING_SERVICE, KEYRING_USER, TokenStore


class SlowKeyring(MemoryKeyring):
    """An in-memory keyring whose reads wait until the test lets them finish."""

    def __init__(self):
        super().__init__()
        self.reading = threading.Event()
        self.release = threading.Event()

    def get_password(self, service, username):
        self.reading.set()
        assert self.release.wait(10)
        return super().get_password(service, username)


@pytest.fixture
def slow_keyring():
    previous = keyring.get_keyring()
    backend = SlowKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_a_token_remembered_while_the_keyring_is_read_wins(slow_keyring):
    slow_keyring.secrets[(KEYRING_SERVICE, KEYRING_USER)] = "old"
    tokens = TokenStore()
    reader = threading.Thread(target=tokens.get)
    reader.start()
    assert slow_keyring.reading.wait(10)
    tokens.remember("new")  # the user saved settings while start-up was still reading
    slow_keyring.release.set()
    reader.join(10)
    assert tokens.get() == "new"


def test_overlapping_saves_leave_the_latest_token_in_the_keyring(slow_keyring):
    slow_keyring.release.set()
    tokens = TokenStore()
    tokens.remember("first")
    tokens.remember("second")  # saved twice in a row: two saves queued on workers
    for _ in range(2):
        assert tokens.save() is None
    assert slow_keyring.secrets[(KEYRING_SERVICE, KEYRING_USER)] == "second"
    tokens.remember("")
    assert tokens.save() is None
    assert (KEYRING_SERVICE, KEYRING_USER) not in slow_keyring.secrets
