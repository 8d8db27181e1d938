"""Whether the network is metered, from Qt's QNetworkInformation, told to the Service.

Where the platform reports it: Linux through NetworkManager's backend (its Metered
property), Windows (Network List Manager's cost), Android; iOS says nothing useful and
macOS's backend (SCNetworkReachability) has no metered feature, so there the rule never
pauses (docs/PLATFORMS.md). No backend loaded (a minimal Linux without NetworkManager):
also never metered.
"""

from __future__ import annotations

import logging

from PySide6.QtNetwork import QNetworkInformation

from desktop.ui.services.service import Service

log = logging.getLogger(__name__)


def follow_metered(service: Service) -> bool:
    """Tells `service` now and on every change; False when the platform can't tell."""
    feature = QNetworkInformation.Feature.Metered
    if not QNetworkInformation.loadBackendByFeatures(feature):
        log.info("this platform does not say whether the network is metered")
        return False
    info = QNetworkInformation.instance()
    info.isMeteredChanged.connect(service.set_metered)
    service.set_metered(info.isMetered())
    return True
