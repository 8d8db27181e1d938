"""The network stage: fetches /config, probes the API while offline (network loss is a state,
not a failure), and runs the cleanups owed to the server (aborts, deletes).
"""

from __future__ import annotations

import logging

from .api import (
    ApiClient,
)
from .api_errors import ApiError
from .stage_base import (
    OFFLINE_RETRY,
    StageBase,
)

log = logging.getLogger(__name__)


class NetworkStage(StageBase):
    """Config, offline probes and owed cleanups."""

    def _network_loop(self) -> None:
        delay_index = 0
        while True:
            with self._lock:
                while not self._closing and not (
                        (self._need_config and self._api is not None)
                        or not self._online
                        or (self._cleanup_due and self._online and self._config is not None
                            and self._api is not None)):
                    self._cond.wait()
                if self._closing:
                    return
                api, offline = self._api, not self._online
                fetch_config = self._need_config or offline
            if offline:
                wait = OFFLINE_RETRY[min(delay_index, len(OFFLINE_RETRY) - 1)]
                delay_index += 1
                with self._lock:
                    self._cond.wait_for(lambda: self._closing or self._online, wait)
                    if self._closing:
                        return
            if fetch_config and api is not None:
                self._fetch_config(api)
                with self._lock:
                    if self._online:
                        delay_index = 0
                continue
            self._run_cleanups()

    def _fetch_config(self, api: ApiClient) -> None:
        try:
            config = api.get_config()
        except ApiError as error:
            if error.transient:
                self._go_offline(str(error))
                return
            with self._lock:
                if api is not self._api:
                    return
                self._config_error, self._need_config = error, False
                self._cond.notify_all()
            return
        gallery = config.gallery_key(api.base_url)
        again = []
        if gallery != self._gallery:
            # Before anything is sent or polled with this config: rows whose bytes another
            # gallery holds (Settings switched the endpoint, the CLI was pointed elsewhere) go
            # to this one, or it says it holds them already.
            again = self.store.belong_to(gallery, api.base_url).result()
            self._requeued_for_gallery += len(again)
            for item in again:
                if self._poller is not None:
                    self._poller.forget(item.id)
        with self._lock:
            current = api is self._api
            if current:
                was_offline = not self._online
                self._config, self._config_error, self._need_config = config, None, False
                self._gallery = gallery
                self._online = True
                self._cond.notify_all()
        if again:  # queued again in the store: in line whichever API is in use
            self._enqueue_all(again)
        if not current:
            return
        if was_offline and self._poller is not None:
            self._poller.wake()
        self._publish_status()

    def _go_offline(self, reason: str) -> None:
        with self._lock:
            if not self._online:
                return
            self._online, self._offline_reason = False, reason
            self._cond.notify_all()
        log.info("offline: %s", reason)
        self._publish_status()

    def _suspect(self, reason: str) -> bool:
        """A request got no answer. True: the API answers, so that request failed on its own
        (count it as a try); False: the API doesn't either, the queue now waits."""
        with self._probe_lock:
            with self._lock:
                api, online = self._api, self._online
            if not online or api is None:
                return False
            try:
                api.get_config()
            except ApiError as error:
                if error.transient and error.code in ("unreachable", "timeout"):
                    self._go_offline(reason)
                    return False
            return True

    def _run_cleanups(self) -> None:
        with self._lock:
            self._cleanup_due = False
            api = self._api
        if api is None:
            return
        for cleanup in self.store.cleanups().result():
            if cleanup.endpoint != api.base_url:
                continue
            with self._lock:
                busy = any(c.image_id == cleanup.image_id for c in self._claims.values())
                if busy:
                    self._cleanup_due = True  # its transfer is still ending: later
            if busy:
                continue
            try:
                if cleanup.kind == "abort":
                    api.abort_multipart(cleanup.image_id, cleanup.upload_id or "")
                else:
                    api.delete_image(cleanup.image_id)
            except ApiError as error:
                if error.status not in (404, 410):
                    if error.transient:
                        with self._lock:
                            self._cleanup_due = True
                        return
                    log.warning("cleanup %s of %s refused: %s", cleanup.kind,
                                cleanup.image_id, error)
            self.store.cleanup_done(cleanup.id).result()

