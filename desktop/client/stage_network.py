"""The network stage: one thread that fetches GET /config (at start, for a new API, and as the
probe while offline: connectivity.py) and runs the cleanups owed to the server (cleanups.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from .api import ApiClient
from .api_errors import ApiError
from .cleanups import Cleanups
from .connectivity import Connectivity
from .engine_state import EngineState
from .queue_types import QueueItem

log = logging.getLogger(__name__)


class NetworkStage:
    """`regallery(items)` hears the rows queued again because the new config names another
    gallery than the one holding them (the processing stage stops watching them)."""

    def __init__(self, state: EngineState, connectivity: Connectivity, cleanups: Cleanups,
                 regallery: Callable[[list[QueueItem]], None], back_online: Callable[[], None]):
        self._state = state
        self._store = state.store
        self._connectivity = connectivity
        self._cleanups = cleanups
        self._regallery = regallery
        self._back_online = back_online
        self.requeued_for_gallery = 0  # rows another gallery held, queued again for this one

    def _work_due(self) -> bool:
        state = self._state
        return ((state.need_config and state.api is not None) or not state.online
                or self._cleanups.due())

    def loop(self) -> None:
        state = self._state
        attempt = 0  # probes since the engine went offline
        while True:
            with state.lock:
                while not state.closing and not self._work_due():
                    state.cond.wait()
                if state.closing:
                    return
                api, offline = state.api, not state.online
                fetch_config = state.need_config or offline
            if offline:
                wait = self._connectivity.probe_delay(attempt)
                attempt += 1
                with state.lock:
                    state.cond.wait_for(lambda: state.closing or state.online, wait)
                    if state.closing:
                        return
            if fetch_config and api is not None:
                self.fetch_config(api)
                with state.lock:
                    if state.online:
                        attempt = 0
                continue
            self._cleanups.run()

    def fetch_config(self, api: ApiClient) -> None:
        """GET /config from `api`: its limits for every stage; online again if it answers."""
        state = self._state
        try:
            config = api.get_config()
        except ApiError as error:
            if error.transient:
                self._connectivity.go_offline(str(error))
                return
            with state.lock:
                if api is not state.api:
                    return
                state.config_error, state.need_config = error, False
                state.cond.notify_all()
            return
        gallery = config.gallery_key(api.base_url)
        again = []
        if gallery != state.gallery:
            # Before anything is sent or polled with this config: rows whose bytes another
            # gallery holds (Settings switched the endpoint, the CLI was pointed elsewhere) go
            # to this one, or it says it holds them already.
            again = self._store.belong_to(gallery, api.base_url).result()
            self.requeued_for_gallery += len(again)
            self._regallery(again)
        with state.lock:
            current = api is state.api
            if current:
                was_offline = not state.online
                state.config, state.config_error, state.need_config = config, None, False
                state.gallery = gallery
                state.online = True
                state.cond.notify_all()
        if again:  # queued again in the store: in line whichever API is in use
            state.enqueue(again)
        if not current:
            return
        if was_offline:
            self._back_online()
        state.publish_status()
