"""Sharing links that last as long as the user asks (up to what the deployment allows).

Used where the API does not serve renditions publicly: each link is a presigned URL, so it
needs a lifetime; the dialog offers lifetimes up to /config's max_link_seconds, copies the
links and says exactly when they stop working. (With public output, "Copy link" copies
permanent URLs at once and this dialog is not needed.)
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from PySide6.QtCore import QDateTime, QLocale, QObject, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.client.api import ImageInfo, Link
from desktop.ui.services.service import Service
from desktop.ui.widgets.units import human_duration

LIFETIMES = (3600, 6 * 3600, 12 * 3600, 86400, 3 * 86400, 7 * 86400)
DEFAULT_MAX_SECONDS = 43200  # the contract's default MAX_LINK_SECONDS, when /config is silent
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SETTING = "gallery/link_seconds"


class LinkWording(QObject):
    """Sentences the plain functions below share (a QObject: plural forms need tr()).
    "1 day" is a sentence of its own so English reads right with no translation loaded."""

    def lifetime(self, seconds: int) -> str:
        days, hours = divmod(seconds, 86400)
        if not hours:
            return self.tr("1 day") if days == 1 else self.tr("%n days", "", days)
        if seconds % 3600 == 0:
            hours = seconds // 3600
            return self.tr("1 hour") if hours == 1 else self.tr("%n hours", "", hours)
        return human_duration(seconds)

    def longest(self, seconds: int) -> str:
        return self.tr("{lifetime} (the longest allowed)").format(
            lifetime=human_duration(seconds))

    def until(self, plural: bool, when: str, left: str) -> str:
        sentence = (self.tr("They work until {when} (in {left}).") if plural else
                    self.tr("It works until {when} (in {left})."))
        return sentence.format(when=when, left=left)

    def until_unparsed(self, plural: bool, when: str) -> str:
        sentence = self.tr("They work until {when}.") if plural else self.tr(
            "It works until {when}.")
        return sentence.format(when=when)


def lifetimes(max_seconds: int) -> list[tuple[int, str]]:
    """The choices up to `max_seconds`, the longest allowed always among them."""
    words = LinkWording()
    choices = [(seconds, words.lifetime(seconds)) for seconds in LIFETIMES
               if seconds <= max_seconds]
    if not choices or choices[-1][0] != max_seconds:
        choices.append((max_seconds, words.longest(max_seconds)))
    return choices


def expiry_sentence(expires_at: str, plural: bool = False, now: datetime | None = None) -> str:
    """"It works until Tuesday, 4 March 2025 14:00:00 (in 12 h 00 min)." in the user's locale
    and time zone; "They work …" for several links."""
    words = LinkWording()
    try:
        moment = datetime.fromisoformat(expires_at)
    except ValueError:
        return words.until_unparsed(plural, expires_at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    stamp = QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000))
    left = max(0.0, (moment - now).total_seconds())
    return words.until(plural, QLocale().toString(stamp, QLocale.FormatType.LongFormat),
                       human_duration(left))


class LinkDialog(QDialog):
    def __init__(self, images: list[ImageInfo], service: Service, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Share links") if len(images) > 1 else self.tr("Share a link"))
        self.setMinimumWidth(520)
        self._images, self._service = list(images), service
        self._links: dict[str, Link] = {}
        self._problems: list[str] = []
        self._waiting = 0
        sharing = service.server_config
        self._max_seconds = sharing.max_link_seconds if sharing else DEFAULT_MAX_SECONDS

        first = images[0].filename if images else ""
        intro = QLabel(
            self.tr("A link to the large view of {name}.").format(name=first)
            if len(images) == 1 else
            self.tr("Links to the large views of %Ln photos, one per line.", "", len(images)),
            self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.lifetime = QComboBox(self)
        self.lifetime.setAccessibleName(self.tr("Link lifetime"))
        self.lifetime.setAccessibleDescription(self.tr(
            "How long the links work; the deployment sets the longest allowed."))
        for seconds, text in lifetimes(self._max_seconds):
            self.lifetime.addItem(text, seconds)
        remembered = QSettings().value(SETTING)
        wanted = int(remembered) if remembered is not None and str(remembered).isdigit() else 86400
        fitting = [n for n in range(self.lifetime.count()) if self.lifetime.itemData(n) <= wanted]
        self.lifetime.setCurrentIndex(fitting[-1] if fitting else 0)
        form = QFormLayout()
        form.addRow(self.tr("&Works for"), self.lifetime)
        self.create_button = QPushButton(self.tr("Create and copy"), self)
        self.create_button.setAccessibleDescription(self.tr(
            "Creates the links and copies them to the clipboard."))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create)
        self.urls = QPlainTextEdit(self)
        self.urls.setReadOnly(True)
        self.urls.setAccessibleName(self.tr("Links"))
        self.urls.setPlaceholderText(self.tr(
            "The links appear here and are copied to the clipboard."))
        self.urls.setMaximumHeight(110)
        self.result = QLabel(
            self.tr("The deployment allows links of up to {lifetime}.").format(
                lifetime=human_duration(self._max_seconds)), self)
        self.result.setAccessibleName(self.tr("Outcome"))
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.urls)
        layout.addWidget(self.result)
        layout.addWidget(buttons)

    @staticmethod
    def has_remembered_lifetime() -> bool:
        """A lifetime was chosen before: Copy link then copies at once with it."""
        return str(QSettings().value(SETTING) or "").isdigit()

    @property
    def busy(self) -> bool:
        return self._waiting > 0

    def create(self) -> None:
        seconds = int(self.lifetime.currentData())
        QSettings().setValue(SETTING, seconds)
        self._links, self._problems = {}, []
        self.create_button.setEnabled(False)
        self.result.setText(self.tr("Creating…"))
        self._waiting = len(self._images)
        for image in self._images:
            asked = self._service.gallery.create_link(
                image.id, seconds,
                lambda link, image=image: self._arrived(image, link, None),
                lambda error, image=image: self._arrived(image, None, error))
            if not asked:
                self._arrived(image, None, RuntimeError(
                    self.tr("Thumbdrop is not connected to an API.")))

    def _arrived(self, image: ImageInfo, link: Link | None, error: Exception | None) -> None:
        self._waiting -= 1
        if link is not None:
            self._links[image.id] = link
        else:
            self._problems.append(self.tr("{name}: {reason}").format(name=image.filename,
                                                                      reason=error))
        if self._waiting:
            return
        self.create_button.setEnabled(True)
        links = [self._links[image.id] for image in self._images if image.id in self._links]
        self.urls.setPlainText("\n".join(link.url for link in links))
        sentences = []
        if links:
            QGuiApplication.clipboard().setText("\n".join(link.url for link in links))
            sentences.append(self.tr("Copied to the clipboard.") if len(links) == 1 else
                             self.tr("%Ln links copied to the clipboard.", "", len(links)))
            plural = len(links) > 1
            timed = sorted(link.expires_at for link in links if not link.permanent)
            sentences.append(expiry_sentence(timed[0], plural) if timed else
                             self.tr("They do not expire.") if plural else
                             self.tr("It does not expire."))
            if any(urlsplit(link.url).hostname in LOOPBACK for link in links):
                sentences.append(
                    self.tr("They open only on this computer: the built-in backend serves "
                            "them here.") if plural else
                    self.tr("It opens only on this computer: the built-in backend serves it "
                            "here."))
        if self._problems:
            sentences.append(self.tr("No link for {problems}").format(
                problems="; ".join(self._problems)))
        self.result.setText(" ".join(sentences))
