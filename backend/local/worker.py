"""Drains an SQS queue of S3 notifications in a thread, the way Lambda's event source would.

A message is deleted only after its processor returned. When the processor raises, the
message becomes visible again after a short delay and is retried; after MAX_ATTEMPTS it is
dropped and logged (Lambda would send it to the on-failure destination instead).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable

log = logging.getLogger("thumbdrop.backend.worker")

MAX_ATTEMPTS = 3
RETRY_DELAY_SECONDS = 1
POLL_SECONDS = 1  # long-poll length; also how long stop() may wait for the thread


def is_test_event(body: dict) -> bool:
    """S3 sends one s3:TestEvent when notifications are configured; it names no object."""
    return body.get("Event") == "s3:TestEvent"


class QueueWorker:
    def __init__(self, sqs, queue_url: str, process: Callable[[dict], None], *, name: str):
        self._sqs = sqs
        self._queue_url = queue_url
        self._process = process
        self._name = name
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=self._name)
        self._thread.start()

    def request_stop(self) -> None:
        """Asks the thread to end after the message in hand, without waiting for it."""
        self._stopping.set()

    def stop(self) -> None:
        """Lets the message in hand finish, then ends the thread."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def drain(self) -> None:
        """Processes whatever is waiting right now, in the calling thread (after stop())."""
        while self.poll(wait_seconds=0):
            pass

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self.poll(POLL_SECONDS)
            except Exception:
                # The queue itself failed (e.g. moto is stopping); don't spin on it.
                log.exception("%s could not read its queue", self._name)
                self._stopping.wait(RETRY_DELAY_SECONDS)

    def poll(self, wait_seconds: int) -> int:
        """Receives and handles one batch; returns how many messages it held."""
        response = self._sqs.receive_message(
            QueueUrl=self._queue_url,
            MaxNumberOfMessages=10,
            WaitTimeSeconds=wait_seconds,
            MessageSystemAttributeNames=["ApproximateReceiveCount"],
        )
        messages = response.get("Messages", [])
        for message in messages:
            self._handle(message)
        return len(messages)

    def _handle(self, message: dict) -> None:
        attempt = int(message.get("Attributes", {}).get("ApproximateReceiveCount", "1"))
        try:
            body = json.loads(message["Body"])
            if not is_test_event(body):
                self._process(body)
        except Exception:
            if attempt < MAX_ATTEMPTS:
                log.warning("%s: attempt %d of %d failed; retrying in %d s",
                            self._name, attempt, MAX_ATTEMPTS, RETRY_DELAY_SECONDS, exc_info=True)
                self._sqs.change_message_visibility(
                    QueueUrl=self._queue_url,
                    ReceiptHandle=message["ReceiptHandle"],
                    VisibilityTimeout=RETRY_DELAY_SECONDS,
                )
                return
            log.exception("%s: giving up after %d attempts on message %s",
                          self._name, attempt, message["Body"][:500])
        self._sqs.delete_message(QueueUrl=self._queue_url, ReceiptHandle=message["ReceiptHandle"])
