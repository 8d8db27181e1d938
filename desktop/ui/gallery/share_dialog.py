"""Share an album as a web page: the album's links (copy one, turn one off, let guests add
photos through it or no longer) and a new link with an expiry, a password, what the page
shows and whether guests may add photos. Every call runs off the UI thread
through AlbumCalls; answers come back as callbacks on it."""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.client.albums import Album
from desktop.client.shares import (
    DEFAULT_DAYS,
    DEFAULT_GUEST_LIMIT,
    Share,
    ShareOptions,
    end_of_day,
)
from desktop.ui.gallery.link_dialog import LOOPBACK
from desktop.ui.services.album_calls import AlbumCalls

ShareRole = Qt.ItemDataRole.UserRole + 1


class ShareDialog(QDialog):
    def __init__(self, calls: AlbumCalls, album: Album, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shareDialog")
        self._calls = calls
        self._album = album
        self.setWindowTitle(self.tr("Share “{name}”").format(name=album.name))

        self.links = QListWidget(self)
        self.links.setObjectName("shareLinks")
        self.links.setAccessibleName(self.tr("Links to this album"))
        self.links.currentItemChanged.connect(lambda *_: self._enable())
        self.copy_button = QPushButton(self.tr("Copy link"), self)
        self.copy_button.clicked.connect(self._copy_current)
        self.revoke_button = QPushButton(self.tr("Turn off link"), self)
        self.revoke_button.clicked.connect(self._revoke_current)
        self.guests_button = QPushButton(self.tr("Stop guest uploads"), self)
        self.guests_button.setObjectName("guestUploads")
        self.guests_button.clicked.connect(self._toggle_guests)
        link_buttons = QHBoxLayout()
        link_buttons.addWidget(self.copy_button)
        link_buttons.addWidget(self.revoke_button)
        link_buttons.addWidget(self.guests_button)
        link_buttons.addStretch(1)

        self.expires = QCheckBox(self.tr("Expires after"), self)
        self.expires.setChecked(True)
        self.expiry = QDateEdit(QDate.currentDate().addDays(DEFAULT_DAYS), self)
        self.expiry.setCalendarPopup(True)
        self.expiry.setMinimumDate(QDate.currentDate())
        self.expiry.setAccessibleName(self.tr("Last day the link works"))
        self.expires.toggled.connect(self.expiry.setEnabled)
        expiry_row = QHBoxLayout()
        expiry_row.addWidget(self.expires)
        expiry_row.addWidget(self.expiry)
        expiry_row.addStretch(1)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("none: anyone with the link"))
        self.password.setAccessibleName(self.tr("Password"))
        self.show_names = QCheckBox(self.tr("Show file names"), self)
        self.show_dates = QCheckBox(self.tr("Show when each photo was taken"), self)
        self.allow_originals = QCheckBox(self.tr("Let people download the originals"), self)
        self.allow_uploads = QCheckBox(self.tr("Let guests add photos, up to"), self)
        self.allow_uploads.setToolTip(self.tr(
            "The page then takes photos from a phone or computer; they appear in this album, "
            "marked with the name the guest gives. You can stop it at any time."))
        self.upload_limit = QSpinBox(self)
        self.upload_limit.setRange(1, 10_000)
        self.upload_limit.setValue(DEFAULT_GUEST_LIMIT)
        self.upload_limit.setSuffix(self.tr(" photos"))
        self.upload_limit.setAccessibleName(self.tr("Most photos guests may add"))
        self.upload_limit.setEnabled(False)
        self.allow_uploads.toggled.connect(self.upload_limit.setEnabled)
        uploads_row = QHBoxLayout()
        uploads_row.addWidget(self.allow_uploads)
        uploads_row.addWidget(self.upload_limit)
        uploads_row.addStretch(1)
        self.create_button = QPushButton(self.tr("Create link"), self)
        self.create_button.setObjectName("createShare")
        self.create_button.clicked.connect(self.create)
        form = QFormLayout()
        form.addRow(expiry_row)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow(self.show_names)
        form.addRow(self.show_dates)
        form.addRow(self.allow_originals)
        form.addRow(uploads_row)
        form.addRow(self.create_button)
        new_link = QGroupBox(self.tr("New link"), self)
        new_link.setLayout(form)

        self.result = QLabel(self)
        self.result.setObjectName("shareResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Anyone with a link sees the album's photos in a web "
                                        "browser, until the link expires or is turned off."),
                                self, wordWrap=True))
        layout.addWidget(self.links, 1)
        layout.addLayout(link_buttons)
        layout.addWidget(new_link)
        layout.addWidget(self.result)
        layout.addWidget(buttons)
        self.resize(620, 560)
        self._enable()
        self.reload()

    # --- the album's links ------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        def listed(shares: list[Share]) -> None:
            self.links.clear()
            for share in shares:
                item = QListWidgetItem(self._describe(share), self.links)
                item.setData(ShareRole, share)
                item.setToolTip(share.url)
                if share.id == select:
                    self.links.setCurrentItem(item)
            if not shares:
                self.links.addItem(self.tr("No links yet."))
                self.links.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
            self._enable()
        if not self._calls.shares(self._album.id, listed,
                                  self._failed(self.tr("The album's links could not be listed"))):
            self._say(self._not_connected())

    def _describe(self, share: Share) -> str:
        # The facts first, the long link last: a row wider than the list keeps what it says
        # in view (the link is in the tooltip and Copy link copies it).
        parts = []
        if share.expired:
            parts.append(self.tr("expired"))
        elif share.expires_at:
            parts.append(self.tr("until {when}").format(when=_local(share.expires_at)))
        else:
            parts.append(self.tr("never expires"))
        if share.has_password:
            parts.append(self.tr("password"))
        shows = [text for shown, text in (
            (share.show_names, self.tr("names")), (share.show_dates, self.tr("dates")),
            (share.allow_originals, self.tr("originals"))) if shown]
        if shows:
            parts.append(", ".join(shows))
        if share.allow_uploads:
            parts.append(self.tr("guests add photos ({used} of {limit})").format(
                used=share.uploads_used, limit=share.upload_limit))
        return " · ".join([*parts, share.url])

    def current(self) -> Share | None:
        item = self.links.currentItem()
        return item.data(ShareRole) if item is not None else None

    def _enable(self) -> None:
        share = self.current()
        self.copy_button.setEnabled(share is not None)
        self.revoke_button.setEnabled(share is not None)
        self.guests_button.setEnabled(share is not None)
        self.guests_button.setText(self.tr("Stop guest uploads") if share is None
                                   or share.allow_uploads else self.tr("Let guests add photos"))

    def _copy_current(self) -> None:
        share = self.current()
        if share is not None:
            QGuiApplication.clipboard().setText(share.url)
            self._say(self.tr("Link copied.") + self._reach(share))

    def _revoke_current(self) -> None:
        share = self.current()
        if share is None:
            return

        def revoked(_none) -> None:
            self._say(self.tr("The link is turned off: its page now says so."))
            self.reload()
        self._calls.revoke(share.id, revoked,
                           self._failed(self.tr("The link could not be turned off")))

    def _toggle_guests(self) -> None:
        share = self.current()
        if share is None:
            return
        allowed = not share.allow_uploads

        def changed(now: Share) -> None:
            self._say(self.tr("Guests can add photos through this link again.") if allowed
                      else self.tr("Guests can no longer add photos through this link; what "
                                   "they sent stays in the album."))
            self.reload(select=now.id)
        self._calls.guest_uploads(share.id, allowed, changed, self._failed(
            self.tr("Guest uploads could not be changed")))

    # --- a new link ---------------------------------------------------------------------------

    def options(self) -> ShareOptions:
        expires_at = end_of_day(self.expiry.date().toPython()) if self.expires.isChecked() else None
        return ShareOptions(expires_at=expires_at, password=self.password.text() or None,
                            show_names=self.show_names.isChecked(),
                            show_dates=self.show_dates.isChecked(),
                            allow_originals=self.allow_originals.isChecked(),
                            allow_uploads=self.allow_uploads.isChecked(),
                            upload_limit=self.upload_limit.value())

    def create(self) -> None:
        def made(share: Share) -> None:
            self.create_button.setEnabled(True)
            self.password.clear()
            QGuiApplication.clipboard().setText(share.url)
            self._say(self.tr("New link made and copied.") + self._reach(share))
            self.reload(select=share.id)

        def failed(error: Exception) -> None:
            self.create_button.setEnabled(True)
            self._failed(self.tr("The link could not be made"))(error)
        self.create_button.setEnabled(False)
        if not self._calls.share(self._album.id, self.options(), made, failed):
            self.create_button.setEnabled(True)
            self._say(self._not_connected())

    # --- sentences ------------------------------------------------------------------------------

    def _reach(self, share: Share) -> str:
        if urlsplit(share.url).hostname in LOOPBACK:
            return " " + self.tr("It opens only on this computer: to share with others, run "
                                 "the built-in backend for your network (thumbdrop-backend "
                                 "--host) or deploy the backend to AWS.")
        return ""

    def _not_connected(self) -> str:
        return self.tr("Thumbdrop is not connected to a backend yet; share the album once the "
                       "gallery is listed.")

    def _failed(self, what: str):
        def say(error: Exception) -> None:
            self._say(self.tr("{what}: {reason}").format(what=what, reason=error))
        return say

    def _say(self, sentence: str) -> None:
        self.result.setText(sentence)


def _local(moment: str) -> str:
    when = QDateTime.fromString(moment, Qt.DateFormat.ISODate).toLocalTime()
    return QLocale().toString(when, QLocale.FormatType.ShortFormat)
