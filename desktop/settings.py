"""Every user setting, declared once, stored with QSettings; the API token lives in the keyring.

The settings dialog is built from `SETTINGS`, and `SettingsStore` loads, saves and
restores defaults from the same declarations, so adding a setting is one entry here.
The token never goes into QSettings: it is stored with `keyring` (service "thumbdrop").
When no keyring backend exists (minimal Linux, CI) the token is kept for this session
only and the caller gets a sentence saying so; there is no plain-file fallback.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import keyring
from keyring.errors import KeyringError
from PySide6.QtCore import QSettings, QStandardPaths

from desktop.client.bandwidth import parse_hours
from desktop.client.i18n import QT_TRANSLATE_NOOP, translate
from desktop.client.stage_processing import PROCESSING_TIMEOUT
from desktop.client.watch_rules import check_folders as _folders_problem

KEYRING_SERVICE = "thumbdrop"
KEYRING_USER = "api-token"


def check_endpoint(value: str) -> str | None:
    """None when `value` is empty or an http(s) URL with a host, else why not."""
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return translate("Settings", "The API endpoint must be a URL starting with http:// or "
                                     "https://, or empty.")
    return None


def check_folders(value: str) -> str | None:
    line = _folders_problem(value)
    return None if line is None else translate(
        "Settings", "Watched folders: {line} is not a folder's full path; remove it and add "
                    "the folder again.").format(line=line[1:] or line)


def check_hours(value: str) -> str | None:
    """None when `value` is empty or "HH-HH" (hours 0-23, e.g. 22-7), else why not."""
    if not value or parse_hours(value) is not None:
        return None
    return translate("Settings", "Unlimited hours must look like 22-7 (from 22:00 to 07:00), "
                                 "or be empty.")


@dataclass(frozen=True)
class Setting:
    """One setting. `label`, `help` and the choices' names are English source texts marked for
    translation (context "Settings"); `title`, `explanation` and `choice_names` give them in
    the installed language, when they are shown (the declarations exist before any is)."""

    key: str
    type: type
    default: Any
    label: str
    help: str = ""
    minimum: int | None = None
    maximum: int | None = None
    validator: Callable[[Any], str | None] | None = None
    choices: tuple[tuple[Any, str], ...] = ()  # (value, name) when only these values are valid

    @property
    def title(self) -> str:
        return translate("Settings", self.label)

    @property
    def explanation(self) -> str:
        return translate("Settings", self.help) if self.help else ""

    def choice_names(self) -> list[tuple[Any, str]]:
        return [(value, translate("Settings", name)) for value, name in self.choices]

    def of(self, values: Mapping[str, Any]) -> Any:
        """This setting's value among `values` (SettingsStore.load, the dialog's values())."""
        return values[self.key]

    def check(self, value: Any) -> str | None:
        """None when `value` is acceptable, else a sentence saying what is wrong."""
        if self.choices and value not in {choice for choice, _ in self.choices}:
            return translate("Settings", "{label}: choose one of the offered values.").format(
                label=self.title)
        if self.minimum is not None and value < self.minimum:
            return translate("Settings", "{label} must be at least {minimum}.").format(
                label=self.title, minimum=self.minimum)
        if self.maximum is not None and value > self.maximum:
            return translate("Settings", "{label} must be at most {maximum}.").format(
                label=self.title, maximum=self.maximum)
        return self.validator(value) if self.validator else None


USE_LOCAL_BACKEND = Setting(
    "use_local_backend", bool, True,
    QT_TRANSLATE_NOOP("Settings", "Use the built-in local backend"),
    help=QT_TRANSLATE_NOOP("Settings", "Runs a private backend on this computer; no AWS "
                                       "account needed."),
)

API_ENDPOINT = Setting(
    "api_endpoint", str, "", QT_TRANSLATE_NOOP("Settings", "API endpoint URL"),
    help=QT_TRANSLATE_NOOP("Settings", "The presign Function URL of your deployment, e.g. "
                                       "https://abc.lambda-url.eu-west-1.on.aws"),
    validator=check_endpoint,
)

UPLOAD_CONCURRENCY = Setting(
    "upload_concurrency", int, 4, QT_TRANSLATE_NOOP("Settings", "Uploads at once"),
    minimum=1, maximum=16,
    help=QT_TRANSLATE_NOOP("Settings", "How many files (or parts of a big file) upload in "
                                       "parallel."),
)

UPLOAD_DUPLICATES = Setting(
    "upload_duplicates", bool, False, QT_TRANSLATE_NOOP("Settings", "Upload duplicates anyway"),
    help=QT_TRANSLATE_NOOP("Settings", "Upload a photo even when the gallery already holds "
                                       "the same bytes. Off: such a photo shows as “Already "
                                       "in the gallery” and nothing is sent."),
)

KEEP_LOCATION = Setting(
    "keep_location", bool, False, QT_TRANSLATE_NOOP("Settings", "Keep photos' locations"),
    help=QT_TRANSLATE_NOOP("Settings", "Ask the backend to keep the GPS position a photo "
                                       "records, shown in its details (never in the "
                                       "thumbnails or large views). Off: positions are "
                                       "dropped, unless the deployment keeps them for "
                                       "everyone. Applies to photos uploaded from now on."),
)

KEEP_UPLOADING_IN_TRAY = Setting(
    "keep_uploading_in_tray", bool, True,
    QT_TRANSLATE_NOOP("Settings", "Keep uploading in the system tray when the window is "
                                  "closed"),
    help=QT_TRANSLATE_NOOP("Settings", "Closing the window while photos upload leaves "
                                       "Thumbdrop in the system tray until they are done; "
                                       "Quit in the tray menu stops it. Off: closing asks "
                                       "to stop them."),
)

WATCHED_FOLDERS = Setting(
    "watched_folders", str, "", QT_TRANSLATE_NOOP("Settings", "Watched folders"),
    help=QT_TRANSLATE_NOOP("Settings", "New and changed photos in these folders upload by "
                                       "themselves, also while the window is closed to the "
                                       "tray. Ticked: its subfolders too. Deleting a photo "
                                       "here never deletes it from the gallery."),
    validator=check_folders,
)

UPLOAD_LIMIT_KBPS = Setting(
    "upload_limit_kbps", int, 0, QT_TRANSLATE_NOOP("Settings", "Upload limit (KB/s)"),
    minimum=0, maximum=1_000_000,
    help=QT_TRANSLATE_NOOP("Settings", "All uploads together send at most this many "
                                       "kilobytes a second. 0: no limit."),
)

UNLIMITED_HOURS = Setting(
    "unlimited_hours", str, "", QT_TRANSLATE_NOOP("Settings", "No limit between (hours)"),
    help=QT_TRANSLATE_NOOP("Settings", "Hours of the day the upload limit is lifted, e.g. "
                                       "22-7 for nights. Empty: the limit always holds."),
    validator=check_hours,
)

PAUSE_ON_METERED = Setting(
    "pause_on_metered", bool, False,
    QT_TRANSLATE_NOOP("Settings", "Pause uploads on metered networks"),
    help=QT_TRANSLATE_NOOP("Settings", "While the system says the network is metered (a "
                                       "phone's hotspot, a mobile plan), uploads wait and "
                                       "go on by themselves on another network. Only Linux "
                                       "(NetworkManager), Windows and Android tell."),
)

START_AT_LOGIN = Setting(
    "start_at_login", bool, False, QT_TRANSLATE_NOOP("Settings", "Start at login"),
    help=QT_TRANSLATE_NOOP("Settings", "Thumbdrop starts in the system tray, without a "
                                       "window, when you log in, and watches your folders."),
)

PROCESSING_TIMEOUT = Setting(
    "processing_timeout", int, PROCESSING_TIMEOUT,
    QT_TRANSLATE_NOOP("Settings", "Processing timeout (seconds)"), minimum=5, maximum=3600,
    help=QT_TRANSLATE_NOOP("Settings", "How long to wait for the thumbnail after an upload "
                                       "before giving up."),
)

LANGUAGE = Setting(
    "language", str, "", QT_TRANSLATE_NOOP("Settings", "Language"),
    help=QT_TRANSLATE_NOOP("Settings", "The language of Thumbdrop's windows, and how "
                                       "numbers and sizes are written. A change applies the "
                                       "next time Thumbdrop starts."),
    # Each language is named in itself, so whoever reads it finds their own.
    choices=(("", QT_TRANSLATE_NOOP("Settings", "System default")),
             ("en", "English"), ("de", "Deutsch")),
)

SETTINGS: tuple[Setting, ...] = (
    USE_LOCAL_BACKEND,
    API_ENDPOINT,
    UPLOAD_CONCURRENCY,
    UPLOAD_DUPLICATES,
    KEEP_LOCATION,
    KEEP_UPLOADING_IN_TRAY,
    WATCHED_FOLDERS,
    UPLOAD_LIMIT_KBPS,
    UNLIMITED_HOURS,
    PAUSE_ON_METERED,
    START_AT_LOGIN,
    PROCESSING_TIMEOUT,
    LANGUAGE,
)
BY_KEY = {setting.key: setting for setting in SETTINGS}


@dataclass(frozen=True)
class ApiChoice:
    """Which API the settings name, decided here alone (the service uses it, the settings
    dialog checks and tests it, the window keeps the token for it)."""

    endpoint: str | None  # None: the built-in local backend, which brings its own URL and token
    # The built-in backend was turned off but no endpoint is set: the dialog refuses that; a
    # settings file edited by hand gets the built-in backend until an endpoint is set.
    incomplete: bool = False

    @property
    def local(self) -> bool:
        return self.endpoint is None


def api_choice(values: Mapping[str, Any]) -> ApiChoice:
    if USE_LOCAL_BACKEND.of(values):
        return ApiChoice(None)
    endpoint = API_ENDPOINT.of(values)
    return ApiChoice(endpoint) if endpoint else ApiChoice(None, incomplete=True)

# The folders the file dialogs remember (not in the settings dialog: the dialogs set them).
# Each starts in the user's Pictures folder, never in the process's working directory.
ADD_FOLDER = "folders/add"                   # Add files… / Add folder…
DOWNLOAD_FOLDER = "gallery/download_folder"  # Download originals / large views


def pictures_folder() -> Path:
    """The user's Pictures folder (XDG user-dirs, the OS's own elsewhere), else home."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def last_folder(key: str) -> Path:
    """Where a file dialog for `key` starts: the folder chosen last, while it exists."""
    remembered = QSettings().value(key)
    if remembered and Path(str(remembered)).is_dir():
        return Path(str(remembered))
    return pictures_folder()


def remember_folder(key: str, folder: Path) -> None:
    QSettings().setValue(key, str(folder))


def _coerce(setting: Setting, raw: Any) -> Any:
    # QSettings ini files hand back strings ("true", "4"); turn them into the declared type.
    if raw is None:
        return setting.default
    try:
        if setting.type is bool:
            return raw if isinstance(raw, bool) else str(raw).strip().lower() in ("1", "true", "yes")
        value = setting.type(raw)
    except (TypeError, ValueError):
        return setting.default
    return setting.default if setting.check(value) else value


class SettingsStore:
    """Loads and saves the declared settings in the application's QSettings."""

    GROUP = "settings"

    def __init__(self, qsettings: QSettings | None = None):
        self._qs = qsettings or QSettings()

    @staticmethod
    def defaults() -> dict[str, Any]:
        return {s.key: s.default for s in SETTINGS}

    def load(self) -> dict[str, Any]:
        self._qs.beginGroup(self.GROUP)
        try:
            return {s.key: _coerce(s, self._qs.value(s.key)) for s in SETTINGS}
        finally:
            self._qs.endGroup()

    def save(self, values: dict[str, Any]) -> None:
        problems = [p for s in SETTINGS if (p := s.check(values[s.key]))]
        if problems:
            raise ValueError(" ".join(problems))
        self._qs.beginGroup(self.GROUP)
        for s in SETTINGS:
            self._qs.setValue(s.key, values[s.key])
        self._qs.endGroup()
        self._qs.sync()

    @property
    def qsettings(self) -> QSettings:
        return self._qs


class TokenStore:
    """The API token in the OS keyring, remembered in memory once read or set.

    The memory copy is also what keeps a token for the session when no keyring exists.
    Keyring calls may wait on D-Bus or an unlock prompt, so `get` (the first time), `save` and
    `set` belong off the UI thread; `remember` never touches the keyring.
    """

    def __init__(self):
        self._token: str | None = None
        self._memory = threading.Lock()  # held only for assignments, never during keyring I/O
        self._writing = threading.Lock()

    def get(self) -> str:
        if self._token is None:
            try:
                stored = keyring.get_password(KEYRING_SERVICE, KEYRING_USER) or ""
            except KeyringError:
                stored = ""
            with self._memory:
                if self._token is None:  # a token remembered meanwhile is newer: it wins
                    self._token = stored
        return self._token

    def remember(self, token: str) -> None:
        """Makes `token` the one in use at once."""
        with self._memory:
            self._token = token

    def set(self, token: str) -> str | None:
        self.remember(token)
        return self.save()

    def save(self) -> str | None:
        """Writes the token in use to the keyring; None when saved, else a sentence saying why
        it was not. Saves run one at a time and each writes the latest remembered token, so
        saves that overlap cannot leave an older token behind."""
        with self._writing:
            token = self._token or ""
            try:
                if token:
                    keyring.set_password(KEYRING_SERVICE, KEYRING_USER, token)
                elif keyring.get_password(KEYRING_SERVICE, KEYRING_USER) is not None:
                    keyring.delete_password(KEYRING_SERVICE, KEYRING_USER)
            except KeyringError:
                return translate(
                    "Settings",
                    "The token is kept for this session only: no system keyring is available "
                    "to store it safely. Install and unlock a keyring (e.g. GNOME Keyring or "
                    "KWallet) to have it remembered.")
            return None
