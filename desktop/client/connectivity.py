"""Whether the API answers at all: network loss is a state of the queue, not a failure.

A request that got no answer asks here (`api_still_answers`); one probe at a time asks the API for its
config. If that gets no answer either, the engine goes offline: the queue waits ("Waiting for
the network…") until the network stage's probes hear the API again.
"""

from __future__ import annotations

import logging
import threading

from .api_errors import ApiError
from .engine_state import EngineState

log = logging.getLogger(__name__)

OFFLINE_RETRY = (1.0, 2.0, 4.0, 8.0, 15.0)  # seconds between probes while offline


class Connectivity:
    def __init__(self, state: EngineState):
        self._state = state
        self._probe_lock = threading.Lock()  # one probe at a time; the others wait for its answer

    def api_still_answers(self, reason: str) -> bool:
        """A request got no answer. True: the API answers, so that request failed on its own
        (count it as a try); False: the API doesn't either, the queue now waits."""
        state = self._state
        with self._probe_lock:
            with state.lock:
                api, online = state.api, state.online
            if not online or api is None:
                return False
            try:
                api.get_config()
            except ApiError as error:
                if error.transient and error.code in ("unreachable", "timeout"):
                    self.go_offline(reason)
                    return False
            return True

    def go_offline(self, reason: str) -> None:
        state = self._state
        with state.lock:
            if not state.online:
                return
            state.online, state.offline_reason = False, reason
            state.cond.notify_all()
        log.info("offline: %s", reason)
        state.publish_status()

    @staticmethod
    def probe_delay(attempt: int) -> float:
        """Seconds before the `attempt`-th probe while offline (0 is the first)."""
        return OFFLINE_RETRY[min(attempt, len(OFFLINE_RETRY) - 1)]
