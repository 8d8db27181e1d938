<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../desktop/ui/shell/about_dialog.py" line="+32"/>
        <source>Backend: not connected yet.</source>
        <translation>Backend: noch nicht verbunden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Backend: {url} (it has not said its version yet).</source>
        <translation>Backend: {url} (seine Version ist noch nicht bekannt).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Backend: {url}, an older Thumbdrop backend (API version {api}).</source>
        <translation>Backend: {url}, ein älteres Thumbdrop-Backend (API-Version {api}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Backend: {url}, Thumbdrop {version} (API version {api}).</source>
        <translation>Backend: {url}, Thumbdrop {version} (API-Version {api}).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>About Thumbdrop</source>
        <translation>Über Thumbdrop</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Thumbdrop {version}</source>
        <translation>Thumbdrop {version}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Drag in photos, watch them upload, and get thumbnails back from your own backend.</source>
        <translation>Fotos hineinziehen, beim Hochladen zusehen und Vorschaubilder von Ihrem eigenen Backend zurückbekommen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Qt {qt}, PySide6 {pyside}</source>
        <translation>Qt {qt}, PySide6 {pyside}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Thumbdrop&apos;s licence</source>
        <translation>Lizenz von Thumbdrop</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+3"/>
        <source>Third-party notices</source>
        <translation>Hinweise zu Software Dritter</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Licence</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Reading…</source>
        <translation>Wird gelesen …</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The licence texts could not be read ({error}). They are in the installed packages&apos; metadata.</source>
        <translation>Die Lizenztexte konnten nicht gelesen werden ({error}). Sie stehen in den Metadaten der installierten Pakete.</translation>
    </message>
</context>
<context>
    <name>AlbumList</name>
    <message>
        <location filename="../../desktop/ui/gallery/album_list.py" line="+120"/>
        <source>Albums</source>
        <translation>Alben</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose an album to list only its photos. Drop photos from the grid on an album to add them, or files from elsewhere to upload them into it.</source>
        <translation>Wählen Sie ein Album, um nur seine Fotos aufzulisten. Ziehen Sie Fotos aus dem Raster auf ein Album, um sie hinzuzufügen, oder Dateien von anderswo, um sie direkt hineinzuladen.</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+64"/>
        <source>New album…</source>
        <translation>Neues Album …</translation>
    </message>
    <message>
        <location line="-62"/>
        <source>Share…</source>
        <translation>Teilen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Make a link that shows this album as a web page</source>
        <translation>Einen Link erstellen, der dieses Album als Webseite zeigt</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The albums could not be loaded</source>
        <translation>Die Alben konnten nicht geladen werden</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>All photos</source>
        <translation>Alle Fotos</translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>{name} (%n)</source>
        <translation>
            <numerusform>{name} (%n)</numerusform>
            <numerusform>{name} (%n)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Rename…</source>
        <translation>Umbenennen …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Share album…</source>
        <translation>Album teilen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete album…</source>
        <translation>Album löschen …</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>New album</source>
        <translation>Neues Album</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name of the new album:</source>
        <translation>Name des neuen Albums:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Made the album “{name}”.</source>
        <translation>Das Album „{name}“ wurde angelegt.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The album could not be made</source>
        <translation>Das Album konnte nicht angelegt werden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thumbdrop is not connected to a backend yet; make the album once the gallery is listed.</source>
        <translation>Thumbdrop ist noch mit keinem Backend verbunden; legen Sie das Album an, sobald die Galerie angezeigt wird.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Rename album</source>
        <translation>Album umbenennen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New name of “{name}”:</source>
        <translation>Neuer Name für „{name}“:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The album could not be renamed</source>
        <translation>Das Album konnte nicht umbenannt werden</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>Delete the album “{name}”? Its %n photos stay in the gallery.</source>
        <translation>
            <numerusform>Das Album „{name}“ löschen? Sein %n Foto bleibt in der Galerie.</numerusform>
            <numerusform>Das Album „{name}“ löschen? Seine %n Fotos bleiben in der Galerie.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete album</source>
        <translation>Album löschen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Deleted the album “{name}”; its photos stay in the gallery.</source>
        <translation>Das Album „{name}“ wurde gelöscht; seine Fotos bleiben in der Galerie.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The album could not be deleted</source>
        <translation>Das Album konnte nicht gelöscht werden</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Added %n photos to “{name}”.</source>
        <translation>
            <numerusform>%n Foto zu „{name}“ hinzugefügt.</numerusform>
            <numerusform>%n Fotos zu „{name}“ hinzugefügt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n photos were deleted meanwhile and were not added.</source>
        <translation>
            <numerusform>%n Foto wurde inzwischen gelöscht und nicht hinzugefügt.</numerusform>
            <numerusform>%n Fotos wurden inzwischen gelöscht und nicht hinzugefügt.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The photos could not be added to “{name}”</source>
        <translation>Die Fotos konnten nicht zu „{name}“ hinzugefügt werden</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>Took %n photos out of “{name}”; they stay in the gallery.</source>
        <translation>
            <numerusform>%n Foto aus „{name}“ entfernt; es bleibt in der Galerie.</numerusform>
            <numerusform>%n Fotos aus „{name}“ entfernt; sie bleiben in der Galerie.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The photos could not be taken out of “{name}”</source>
        <translation>Die Fotos konnten nicht aus „{name}“ entfernt werden</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{what}: {reason}</source>
        <translation>{what}: {reason}</translation>
    </message>
</context>
<context>
    <name>AlbumUploads</name>
    <message>
        <location filename="../../desktop/ui/upload/album_uploads.py" line="+50"/>
        <source>The files could not be queued for the album: {reason}</source>
        <translation>Die Dateien konnten nicht für das Album in die Warteschlange gestellt werden: {reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the upload queue is not open yet; drop them again in a moment.</source>
        <translation>die Upload-Warteschlange ist noch nicht geöffnet; ziehen Sie sie gleich noch einmal hierher.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Uploaded photos could not be put into their album: {reason} Thumbdrop tries again.</source>
        <translation>Hochgeladene Fotos konnten nicht in ihr Album gelegt werden: {reason} Thumbdrop versucht es erneut.</translation>
    </message>
</context>
<context>
    <name>ApiClient</name>
    <message>
        <location filename="../../desktop/client/api.py" line="+515"/>
        <source>Connected: the API answered and accepted the token.</source>
        <translation>Verbunden: Die API hat geantwortet und das Token angenommen.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>the image storage</source>
        <translation>der Bildspeicher</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The download failed ({status}); the link may have expired. Refresh the gallery and try again.</source>
        <translation>Der Download ist fehlgeschlagen ({status}); der Link ist vielleicht abgelaufen. Aktualisieren Sie die Galerie und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Check your network and try again.</source>
        <translation>Prüfen Sie Ihre Netzwerkverbindung und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Couldn&apos;t save {name} in {folder} ({reason}). Check that the folder exists and the disk has space.</source>
        <translation>{name} konnte nicht in {folder} gespeichert werden ({reason}). Prüfen Sie, ob der Ordner existiert und auf dem Datenträger genug Platz ist.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Check the API endpoint URL and your network.</source>
        <translation>Prüfen Sie die URL des API-Endpunkts und Ihre Netzwerkverbindung.</translation>
    </message>
</context>
<context>
    <name>ApiErrors</name>
    <message>
        <location filename="../../desktop/client/api_errors.py" line="+76"/>
        <source>connection refused</source>
        <translation>Verbindung abgelehnt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the host name was not found</source>
        <translation>der Hostname wurde nicht gefunden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the secure connection failed</source>
        <translation>die sichere Verbindung ist fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the connection was dropped</source>
        <translation>die Verbindung wurde unterbrochen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the connection failed</source>
        <translation>die Verbindung ist fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the Thumbdrop API at {url}</source>
        <translation>die Thumbdrop-API unter {url}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{where} did not answer within {seconds:g} seconds. {advice}</source>
        <translation>{where} hat nicht innerhalb von {seconds:g} Sekunden geantwortet. {advice}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Can&apos;t reach {where}: {reason}. {advice}</source>
        <translation>{where} ist nicht erreichbar: {reason}. {advice}</translation>
    </message>
    <message>
        <location filename="../../desktop/client/failures.py" line="+202"/>
        <source>The API at {url} refused the token (401). Use the token of the backend you connect to: for thumbdrop-backend, the file named token in its data folder ({data_dir} on this computer) or the &quot;token&quot; in the line it prints when it is ready; for an AWS deployment, the token you chose when deploying it (the stack keeps only its SHA-256). Paste it as the API token.</source>
        <translation>Die API unter {url} hat das Token abgelehnt (401). Verwenden Sie das Token des Backends, mit dem Sie sich verbinden: bei thumbdrop-backend die Datei namens token in seinem Datenordner ({data_dir} auf diesem Computer) oder das „token“ in der Zeile, die es ausgibt, sobald es bereit ist; bei einer AWS-Bereitstellung das Token, das Sie beim Bereitstellen gewählt haben (der Stack speichert nur dessen SHA-256). Fügen Sie es als API-Token ein.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{url} answered, but it is not a Thumbdrop API. Check the API endpoint URL: it is the api_url that thumbdrop-backend prints when it is ready, or the ApiUrl output of your AWS stack.</source>
        <translation>{url} hat geantwortet, ist aber keine Thumbdrop-API. Prüfen Sie die URL des API-Endpunkts: Es ist die api_url, die thumbdrop-backend ausgibt, sobald es bereit ist, oder die Ausgabe ApiUrl Ihres AWS-Stacks.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{url} answered (HTTP {status}), but it is not a Thumbdrop API: another server, a web page or a proxy answered. Check the API endpoint URL: it is the api_url that thumbdrop-backend prints when it is ready, or the ApiUrl output of your AWS stack.</source>
        <translation>{url} hat geantwortet (HTTP {status}), ist aber keine Thumbdrop-API: Ein anderer Server, eine Webseite oder ein Proxy hat geantwortet. Prüfen Sie die URL des API-Endpunkts: Es ist die api_url, die thumbdrop-backend ausgibt, sobald es bereit ist, oder die Ausgabe ApiUrl Ihres AWS-Stacks.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The API at {url} answered with an image id that is not valid ({id}); Thumbdrop does not use it. Check that the API endpoint URL is a Thumbdrop API.</source>
        <translation>Die API unter {url} hat mit einer ungültigen Bild-ID geantwortet ({id}); Thumbdrop verwendet sie nicht. Prüfen Sie, ob die URL des API-Endpunkts zu einer Thumbdrop-API gehört.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The Thumbdrop API at {url} is busy (429). Try again in a minute.</source>
        <translation>Die Thumbdrop-API unter {url} ist ausgelastet (429). Versuchen Sie es in einer Minute erneut.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The Thumbdrop API at {url} had a server error ({status}). Try again in a minute.</source>
        <translation>Die Thumbdrop-API unter {url} hatte einen Serverfehler ({status}). Versuchen Sie es in einer Minute erneut.</translation>
    </message>
</context>
<context>
    <name>BatchEnd</name>
    <message>
        <location filename="../../desktop/client/batch_watch.py" line="+24"/>
        <source>{ready} ready</source>
        <translation>{ready} fertig</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{known} already in the gallery</source>
        <translation>{known} schon in der Galerie</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{failed} failed</source>
        <translation>{failed} fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{outcomes}.</source>
        <translation>{outcomes}.</translation>
    </message>
</context>
<context>
    <name>CardImport</name>
    <message>
        <location filename="../../desktop/client/card_copy.py" line="+63"/>
        <source>The copy of {name} in {folder} differs from the photo on the card (a failing card or disk); it was removed. Try the import again, or copy the photo with your file manager.</source>
        <translation>Die Kopie von {name} in {folder} weicht vom Foto auf der Karte ab (eine fehlerhafte Karte oder Festplatte); sie wurde entfernt. Importieren Sie erneut oder kopieren Sie das Foto mit Ihrem Dateimanager.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Couldn&apos;t copy {name} to {folder} ({reason}). Check that the disk has space and you may write there, then import again.</source>
        <translation>{name} konnte nicht nach {folder} kopiert werden ({reason}). Prüfen Sie, ob auf dem Datenträger Platz ist und Sie dort schreiben dürfen, und importieren Sie dann erneut.</translation>
    </message>
    <message>
        <location filename="../../desktop/client/eject.py" line="+45"/>
        <source>Thumbdrop can&apos;t eject cards on this system; eject {card} from the file manager (or Safely Remove Hardware) before you take it out.</source>
        <translation>Thumbdrop kann auf diesem System keine Karten auswerfen; werfen Sie {card} im Dateimanager aus (oder mit „Hardware sicher entfernen“), bevor Sie sie herausnehmen.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{card} could not be ejected ({reason}). Close any program showing files on it, then eject it from the file manager before you take it out.</source>
        <translation>{card} konnte nicht ausgeworfen werden ({reason}). Schließen Sie alle Programme, die Dateien darauf zeigen, und werfen Sie sie dann im Dateimanager aus, bevor Sie sie herausnehmen.</translation>
    </message>
</context>
<context>
    <name>CardImportDialog</name>
    <message>
        <location filename="../../desktop/ui/cards/card_import_dialog.py" line="+49"/>
        <source>Import from {card}</source>
        <translation>Von {card} importieren</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photos to import</source>
        <translation>Zu importierende Fotos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy to {folder}/&lt;yyyy&gt;/&lt;yyyy-mm-dd&gt;/ first</source>
        <translation>Zuerst nach {folder}/&lt;jjjj&gt;/&lt;jjjj-mm-tt&gt;/ kopieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Each copy is checked against the card&apos;s photo before it is uploaded; no file is ever replaced.</source>
        <translation>Jede Kopie wird vor dem Hochladen mit dem Foto auf der Karte verglichen; keine Datei wird je ersetzt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Eject when done</source>
        <translation>Danach auswerfen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Looking for new photos on {card}…</source>
        <translation>Suche neue Fotos auf {card} …</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Thumbdrop isn&apos;t connected to a backend yet, so it can&apos;t tell which photos on {card} are new; check Settings, then open File → Import from {card}… again.</source>
        <translation>Thumbdrop ist noch mit keinem Backend verbunden und kann daher nicht erkennen, welche Fotos auf {card} neu sind; prüfen Sie die Einstellungen und öffnen Sie dann erneut Datei → Von {card} importieren …</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Looking for new photos on {card}… {count} read.</source>
        <translation>Suche neue Fotos auf {card} … {count} gelesen.</translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>%Ln new photo(s) on {card}, not in the gallery yet ({held} already are).</source>
        <translation>
            <numerusform>%Ln neues Foto auf {card}, noch nicht in der Galerie ({held} sind es schon).</numerusform>
            <numerusform>%Ln neue Fotos auf {card}, noch nicht in der Galerie ({held} sind es schon).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>{day}: %Ln photo(s)</source>
        <translation>
            <numerusform>{day}: %Ln Foto</numerusform>
            <numerusform>{day}: %Ln Fotos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+39"/>
        <source>Copying %Ln photo(s) from {card}…</source>
        <translation>
            <numerusform>Kopiere %Ln Foto von {card} …</numerusform>
            <numerusform>Kopiere %Ln Fotos von {card} …</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Queueing %Ln photo(s) from {card}…</source>
        <translation>
            <numerusform>Reihe %Ln Foto von {card} ein …</numerusform>
            <numerusform>Reihe %Ln Fotos von {card} ein …</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>Copied and checked {done} of %Ln photo(s) from {card}…</source>
        <translation>
            <numerusform>{done} von %Ln Foto von {card} kopiert und geprüft …</numerusform>
            <numerusform>{done} von %Ln Fotos von {card} kopiert und geprüft …</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%Ln photo(s) from {card} queued for upload.</source>
        <translation>
            <numerusform>%Ln Foto von {card} zum Hochladen eingereiht.</numerusform>
            <numerusform>%Ln Fotos von {card} zum Hochladen eingereiht.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%Ln copied to {folder}.</source>
        <translation>
            <numerusform>%Ln nach {folder} kopiert.</numerusform>
            <numerusform>%Ln nach {folder} kopiert.</numerusform>
        </translation>
    </message>
    <message>
        <location line="-69"/>
        <source>Every photo on {card} is already in the gallery.</source>
        <translation>Alle Fotos auf {card} sind schon in der Galerie.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Couldn&apos;t look at the photos on {card}: {error} Check that the card is still in, then open File → Import from {card}… again.</source>
        <translation>Die Fotos auf {card} konnten nicht gelesen werden: {error} Prüfen Sie, ob die Karte noch eingesteckt ist, und öffnen Sie dann erneut Datei → Von {card} importieren …</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>The import from {card} stopped: {error}</source>
        <translation>Der Import von {card} wurde abgebrochen: {error}</translation>
    </message>
</context>
<context>
    <name>CardOffers</name>
    <message>
        <location filename="../../desktop/ui/cards/card_offers.py" line="+48"/>
        <source>Import from {card}…</source>
        <translation>Von {card} importieren …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The photos on {card} that are not in the gallery yet</source>
        <translation>Die Fotos auf {card}, die noch nicht in der Galerie sind</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{card} is in: File → Import from {card}… shows its new photos.</source>
        <translation>{card} ist eingesteckt: Datei → Von {card} importieren … zeigt die neuen Fotos.</translation>
    </message>
</context>
<context>
    <name>Deletion</name>
    <message>
        <location filename="../../desktop/ui/gallery/gallery_view.py" line="+122"/>
        <source>Deleted {name}.</source>
        <translation>{name} gelöscht.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Deleted %n photos.</source>
        <translation>
            <numerusform>%n Foto gelöscht.</numerusform>
            <numerusform>%n Fotos gelöscht.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{name} was not deleted: {reason}</source>
        <translation>{name} wurde nicht gelöscht: {reason}</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>{names} were not deleted: {reason}</source>
        <translation>
            <numerusform>{names} wurde nicht gelöscht: {reason}</numerusform>
            <numerusform>{names} wurden nicht gelöscht: {reason}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Deleted %n; {failures}</source>
        <translation>
            <numerusform>%n gelöscht; {failures}</numerusform>
            <numerusform>%n gelöscht; {failures}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DownloadJob</name>
    <message>
        <location filename="../../desktop/ui/services/download_job.py" line="+67"/>
        <source>Saved the original of {name} as {file}.</source>
        <translation>Originaldatei von {name} als {file} gespeichert.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saved the large view of {name} as {file}.</source>
        <translation>Großansicht von {name} als {file} gespeichert.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The original of {name} is no longer kept; its large view remains.</source>
        <translation>Die Originaldatei von {name} wird nicht mehr aufbewahrt; ihre Großansicht bleibt erhalten.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The original of {name} is no longer kept (originals are kept 1 day); its large view remains.</source>
        <translation>Die Originaldatei von {name} wird nicht mehr aufbewahrt (Originaldateien werden 1 Tag lang aufbewahrt); ihre Großansicht bleibt erhalten.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>The original of {name} is no longer kept (originals are kept %n days); its large view remains.</source>
        <translation>
            <numerusform>Die Originaldatei von {name} wird nicht mehr aufbewahrt (Originaldateien werden %n Tag lang aufbewahrt); ihre Großansicht bleibt erhalten.</numerusform>
            <numerusform>Die Originaldatei von {name} wird nicht mehr aufbewahrt (Originaldateien werden %n Tage lang aufbewahrt); ihre Großansicht bleibt erhalten.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The original of {name} was not saved: {reason}</source>
        <translation>Die Originaldatei von {name} wurde nicht gespeichert: {reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The large view of {name} was not saved: {reason}</source>
        <translation>Die Großansicht von {name} wurde nicht gespeichert: {reason}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Downloading the original of {name} to {folder}…</source>
        <translation>Originaldatei von {name} wird nach {folder} heruntergeladen …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloading the large view of {name} to {folder}…</source>
        <translation>Großansicht von {name} wird nach {folder} heruntergeladen …</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Downloading %Ln originals to {folder}…</source>
        <translation>
            <numerusform>%Ln Originaldatei wird nach {folder} heruntergeladen …</numerusform>
            <numerusform>%Ln Originaldateien werden nach {folder} heruntergeladen …</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Downloading %Ln large views to {folder}…</source>
        <translation>
            <numerusform>%Ln Großansicht wird nach {folder} heruntergeladen …</numerusform>
            <numerusform>%Ln Großansichten werden nach {folder} heruntergeladen …</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+2"/>
        <source>{done} of {total}</source>
        <translation>{done} von {total}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Saved {saved} of {total} originals to {folder}.</source>
        <translation>{saved} von {total} Originaldateien in {folder} gespeichert.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saved {saved} of {total} large views to {folder}.</source>
        <translation>{saved} von {total} Großansichten in {folder} gespeichert.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%Ln cancelled.</source>
        <translation>
            <numerusform>%Ln abgebrochen.</numerusform>
            <numerusform>%Ln abgebrochen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%Ln were not saved; the list says why.</source>
        <translation>
            <numerusform>%Ln wurde nicht gespeichert; die Liste nennt den Grund.</numerusform>
            <numerusform>%Ln wurden nicht gespeichert; die Liste nennt die Gründe.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Downloads</name>
    <message>
        <location filename="../../desktop/client/downloads.py" line="+74"/>
        <source>{folder} already holds thousands of files named like {name}.</source>
        <translation>In {folder} liegen bereits Tausende Dateien mit Namen wie {name}.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Couldn&apos;t create {name} in {folder} ({reason}). Check that the folder exists and you may write to it.</source>
        <translation>{name} konnte nicht in {folder} angelegt werden ({reason}). Prüfen Sie, ob der Ordner existiert und Sie darin schreiben dürfen.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Couldn&apos;t save {name} in {folder} ({reason}). Check that the disk has space.</source>
        <translation>{name} konnte nicht in {folder} gespeichert werden ({reason}). Prüfen Sie, ob auf dem Datenträger genug Platz ist.</translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message>
        <location filename="../../desktop/ui/gallery/downloads_panel.py" line="+30"/>
        <source>Downloads</source>
        <translation>Downloads</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Download status</source>
        <translation>Downloadstatus</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Download progress</source>
        <translation>Downloadfortschritt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop downloading; files saved so far stay</source>
        <translation>Download beenden; bereits gespeicherte Dateien bleiben erhalten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shows the folder the files were saved in</source>
        <translation>Zeigt den Ordner, in dem die Dateien gespeichert wurden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hides this download&apos;s summary</source>
        <translation>Blendet die Zusammenfassung dieses Downloads aus</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Files not saved</source>
        <translation>Nicht gespeicherte Dateien</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen …</translation>
    </message>
</context>
<context>
    <name>Engine</name>
    <message>
        <location filename="../../desktop/client/engine_state.py" line="+223"/>
        <source>Paused. Resume to continue uploading.</source>
        <translation>Angehalten. Setzen Sie fort, um weiter hochzuladen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Waiting for the network… ({reason}) Uploads go on by themselves when the API answers again.</source>
        <translation>Warten auf das Netzwerk … ({reason}) Die Uploads gehen von selbst weiter, sobald die API wieder antwortet.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not connected to a backend yet. Files you add wait here and upload once it is connected (Settings chooses the built-in backend or your server).</source>
        <translation>Noch mit keinem Backend verbunden. Hinzugefügte Dateien warten hier und werden hochgeladen, sobald die Verbindung steht (in den Einstellungen wählen Sie das eingebaute Backend oder Ihren Server).</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <location filename="../../desktop/ui/shell/error_reporter.py" line="+30"/>
        <source>Something went wrong inside Thumbdrop ({error}). Your uploads carry on; the details are in {log}.</source>
        <translation>In Thumbdrop ist etwas schiefgegangen ({error}). Ihre Uploads laufen weiter; Einzelheiten stehen in {log}.</translation>
    </message>
</context>
<context>
    <name>Failures</name>
    <message>
        <location filename="../../desktop/client/failures.py" line="-122"/>
        <location line="+34"/>
        <source>it gave no reason</source>
        <translation>es wurde kein Grund genannt</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{name} changed since it was queued (its size or modification time differs), so it was not uploaded. Retry to upload it as it is now.</source>
        <translation>{name} hat sich seit dem Einreihen geändert (Größe oder Änderungszeit weichen ab) und wurde daher nicht hochgeladen. Wählen Sie „Wiederholen“, um die Datei im jetzigen Zustand hochzuladen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name}: the upload was refused because the file changed while uploading. Wait until it is saved completely, then retry.</source>
        <translation>{name}: Der Upload wurde abgelehnt, weil sich die Datei währenddessen geändert hat. Warten Sie, bis sie vollständig gespeichert ist, und wiederholen Sie dann den Upload.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name} was deleted or moved since it was queued. Add it again from where it is now.</source>
        <translation>{name} wurde seit dem Einreihen gelöscht oder verschoben. Fügen Sie die Datei von ihrem jetzigen Ort erneut hinzu.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name} can&apos;t be read ({reason}). Check that it still exists and that you may read it.</source>
        <translation>{name} kann nicht gelesen werden ({reason}). Prüfen Sie, ob die Datei noch existiert und Sie sie lesen dürfen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name} is {size:,.1f} MiB; this server takes files up to {limit:,.0f} MiB. Ask its owner to raise MAX_UPLOAD_BYTES, or upload a smaller copy.</source>
        <translation>{name} ist {size:,.1f} MiB groß; dieser Server nimmt Dateien bis {limit:,.0f} MiB an. Bitten Sie seinen Betreiber, MAX_UPLOAD_BYTES zu erhöhen, oder laden Sie eine kleinere Kopie hoch.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name} was not uploaded: the image is too large ({pixels} megapixels; this server takes up to {limit}). Upload a smaller copy, or ask its owner to raise MAX_IMAGE_PIXELS.</source>
        <translation>{name} wurde nicht hochgeladen: Das Bild ist zu groß ({pixels} Megapixel; dieser Server nimmt bis zu {limit}). Laden Sie eine kleinere Kopie hoch oder bitten Sie den Betreiber, MAX_IMAGE_PIXELS zu erhöhen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{name} was not uploaded: the image is truncated or damaged (the file ends before its own data does). Copy it again from the camera or its source, then add the copy.</source>
        <translation>{name} wurde nicht hochgeladen: Das Bild ist abgeschnitten oder beschädigt (die Datei endet vor ihren eigenen Daten). Kopieren Sie es erneut von der Kamera oder der Quelle und fügen Sie die Kopie hinzu.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{name} is {type}, which this server does not take (it takes {accepted}).</source>
        <translation>{name} ist vom Typ {type}, den dieser Server nicht annimmt (er nimmt {accepted}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name}: {reason}</source>
        <translation>{name}: {reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} has no thumbnails yet: they are still being made. Try again in a moment.</source>
        <translation>{name} hat noch keine Vorschaubilder: Sie werden gerade erstellt. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name}: the storage refused the upload link again right after it was renewed ({detail}). Check that this computer&apos;s clock is right, then retry.</source>
        <translation>{name}: Der Speicher hat den Upload-Link gleich nach seiner Erneuerung wieder abgelehnt ({detail}). Prüfen Sie, ob die Uhr dieses Computers richtig geht, und wiederholen Sie dann den Upload.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name}: the storage refused the upload ({detail}). Retry it; if it fails again, check the backend&apos;s bucket settings.</source>
        <translation>{name}: Der Speicher hat den Upload abgelehnt ({detail}). Wiederholen Sie ihn; schlägt er erneut fehl, prüfen Sie die Bucket-Einstellungen des Backends.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name}: the upload failed after {tries} tries; last: {last} Check your network, then retry.</source>
        <translation>{name}: Der Upload ist nach {tries} Versuchen fehlgeschlagen; zuletzt: {last} Prüfen Sie Ihre Netzwerkverbindung und wiederholen Sie dann den Upload.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name}: the server asked to wait {seconds:g} s before trying again, longer than Thumbdrop waits ({cap:g} s). Retry later.</source>
        <translation>{name}: Der Server bat, {seconds:g} s bis zum nächsten Versuch zu warten, länger als Thumbdrop wartet ({cap:g} s). Wiederholen Sie den Upload später.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name}: the backend could not make thumbnails: {reason} Check that the file opens in an image viewer, then retry or upload another copy.</source>
        <translation>{name}: Das Backend konnte keine Vorschaubilder erzeugen: {reason} Prüfen Sie, ob sich die Datei in einem Bildbetrachter öffnen lässt, und wiederholen Sie dann den Upload oder laden Sie eine andere Kopie hoch.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name}: processing timed out after {seconds:g} s; the backend made no thumbnails. Retry later, or check the backend&apos;s resize function.</source>
        <translation>{name}: Die Verarbeitung wurde nach {seconds:g} s abgebrochen; das Backend hat keine Vorschaubilder erzeugt. Wiederholen Sie den Upload später, oder prüfen Sie die Resize-Funktion des Backends.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name}: the upload is no longer on the server (it was deleted meanwhile). Retry to upload it again.</source>
        <translation>{name}: Der Upload ist nicht mehr auf dem Server (er wurde inzwischen gelöscht). Wählen Sie „Wiederholen“, um die Datei erneut hochzuladen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name}: the upload stopped on an unexpected error ({error}). Retry it; if it happens again, please report it.</source>
        <translation>{name}: Der Upload wurde durch einen unerwarteten Fehler beendet ({error}). Wiederholen Sie ihn; tritt der Fehler erneut auf, melden Sie ihn bitte.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{reason} (It asked to wait {seconds:g} s, longer than Thumbdrop waits: {cap:g} s.)</source>
        <translation>{reason} (Der Server bat, {seconds:g} s zu warten, länger als Thumbdrop wartet: {cap:g} s.)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The API signed no URL for part {number}.</source>
        <translation>Die API hat für Teil {number} keine URL signiert.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No API endpoint is set.</source>
        <translation>Es ist kein API-Endpunkt eingestellt.</translation>
    </message>
</context>
<context>
    <name>FileCollector</name>
    <message>
        <location filename="../../desktop/ui/upload/collector.py" line="+51"/>
        <source>Some files could not be queued: {error}</source>
        <translation>Einige Dateien konnten nicht eingereiht werden: {error}</translation>
    </message>
</context>
<context>
    <name>FileState</name>
    <message>
        <location filename="../../desktop/client/queue_types.py" line="+53"/>
        <source>Queued</source>
        <translation>Eingereiht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checking</source>
        <translation>Wird geprüft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting for an upload link</source>
        <translation>Wartet auf einen Upload-Link</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uploading</source>
        <translation>Wird hochgeladen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Making thumbnails</source>
        <translation>Vorschaubilder werden erzeugt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ready</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Already in the gallery</source>
        <translation>Schon in der Galerie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
</context>
<context>
    <name>FileTypes</name>
    <message>
        <location filename="../../desktop/client/failures.py" line="+43"/>
        <source>a PDF document</source>
        <translation>ein PDF-Dokument</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>a ZIP archive or office document</source>
        <translation>ein ZIP-Archiv oder Office-Dokument</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a video or another ISO media file</source>
        <translation>ein Video oder eine andere ISO-Mediendatei</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>a Photoshop PSD file</source>
        <translation>eine Photoshop-PSD-Datei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a Windows icon (ICO)</source>
        <translation>ein Windows-Symbol (ICO)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a PCX image</source>
        <translation>ein PCX-Bild</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an OpenEXR image</source>
        <translation>ein OpenEXR-Bild</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a FITS file</source>
        <translation>eine FITS-Datei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a JPEG XL image</source>
        <translation>ein JPEG-XL-Bild</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a JPEG 2000 image</source>
        <translation>ein JPEG-2000-Bild</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a file of an unknown format</source>
        <translation>eine Datei unbekannten Formats</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an SVG drawing</source>
        <translation>eine SVG-Zeichnung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a web page</source>
        <translation>eine Webseite</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a text file</source>
        <translation>eine Textdatei</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>SGI LogLuv compression (HDR)</source>
        <translation>SGI-LogLuv-Komprimierung (HDR)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JPEG XL compression</source>
        <translation>JPEG-XL-Komprimierung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JPEG 2000 compression</source>
        <translation>JPEG-2000-Komprimierung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>LERC compression</source>
        <translation>LERC-Komprimierung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JPEG XR compression</source>
        <translation>JPEG-XR-Komprimierung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the LogL colour model (HDR)</source>
        <translation>das Farbmodell LogL (HDR)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the LogLuv colour model (HDR)</source>
        <translation>das Farbmodell LogLuv (HDR)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the ITU Lab colour model</source>
        <translation>das Farbmodell ITU-Lab</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>floating-point colour samples (HDR or scientific data)</source>
        <translation>Gleitkomma-Farbwerte (HDR oder wissenschaftliche Daten)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>32-bit integer colour samples</source>
        <translation>32-Bit-Ganzzahl-Farbwerte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>complex-number samples</source>
        <translation>komplexe Zahlen als Werte</translation>
    </message>
    <message>
        <location line="-45"/>
        <source>The file no longer exists.</source>
        <translation>Die Datei existiert nicht mehr.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It is a folder; add the folder to queue the images inside it.</source>
        <translation>Das ist ein Ordner; fügen Sie den Ordner hinzu, um die Bilder darin einzureihen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It is not a regular file.</source>
        <translation>Das ist keine gewöhnliche Datei.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file is empty.</source>
        <translation>Die Datei ist leer.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not an image ({what}). Thumbdrop takes {formats} and camera RAW ({raw}).</source>
        <translation>Kein Bild ({what}). Thumbdrop nimmt {formats} und Kamera-RAW ({raw}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file can&apos;t be read ({reason}).</source>
        <translation>Die Datei kann nicht gelesen werden ({reason}).</translation>
    </message>
</context>
<context>
    <name>FolderListEditor</name>
    <message>
        <location filename="../../desktop/ui/shell/folder_list_editor.py" line="+27"/>
        <source>Watched folders (ticked: with subfolders)</source>
        <translation>Beobachtete Ordner (angehakt: mit Unterordnern)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Add folder…</source>
        <translation>Ordner &amp;hinzufügen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Ticked: photos in its subfolders upload too</source>
        <translation>Angehakt: auch Fotos in seinen Unterordnern werden hochgeladen</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Watch a folder</source>
        <translation>Einen Ordner beobachten</translation>
    </message>
</context>
<context>
    <name>GalleryFilters</name>
    <message>
        <location filename="../../desktop/ui/gallery/gallery_filters.py" line="+35"/>
        <source>Sort by date taken</source>
        <translation>Nach Aufnahmedatum sortieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sort by upload time</source>
        <translation>Nach Hochladezeit sortieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sort the gallery</source>
        <translation>Galerie sortieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All cameras</source>
        <translation>Alle Kameras</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only photos taken with this camera</source>
        <translation>Nur Fotos, die mit dieser Kamera aufgenommen wurden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All lenses</source>
        <translation>Alle Objektive</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only photos taken with this lens</source>
        <translation>Nur Fotos, die mit diesem Objektiv aufgenommen wurden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taken from</source>
        <translation>Aufgenommen vom</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only photos taken between these two days (both included), on the camera&apos;s clock</source>
        <translation>Nur Fotos, die zwischen diesen beiden Tagen aufgenommen wurden (beide eingeschlossen), nach der Uhr der Kamera</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Taken on or after</source>
        <translation>Aufgenommen am oder nach dem</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taken on or before</source>
        <translation>Aufgenommen am oder vor dem</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>to</source>
        <translation>bis</translation>
    </message>
</context>
<context>
    <name>GalleryListView</name>
    <message>
        <location filename="../../desktop/ui/gallery/gallery_list_view.py" line="+57"/>
        <source>Gallery</source>
        <translation>Galerie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Uploaded photos, newest first, grouped by day. Enter opens the selected photo; Delete deletes the selection; Ctrl+F filters by file name.</source>
        <translation>Hochgeladene Fotos, neueste zuerst, nach Tagen gruppiert. Die Eingabetaste öffnet das ausgewählte Foto; Entf löscht die Auswahl; Strg+F filtert nach Dateiname.</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>{name} is still being fetched for dragging; drag again in a moment.</source>
        <translation>{name} wird für das Ziehen noch geladen; ziehen Sie es gleich noch einmal.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n photos are still being fetched for dragging; drag again in a moment.</source>
        <translation>
            <numerusform>%n Foto wird für das Ziehen noch geladen; ziehen Sie gleich noch einmal.</numerusform>
            <numerusform>%n Fotos werden für das Ziehen noch geladen; ziehen Sie gleich noch einmal.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GalleryModel</name>
    <message>
        <location filename="../../desktop/ui/gallery/gallery_model.py" line="+83"/>
        <source>Date unknown</source>
        <translation>Datum unbekannt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Yesterday</source>
        <translation>Gestern</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>{name}
{facts}
Uploaded {when}</source>
        <translation>{name}
{facts}
Hochgeladen am {when}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Added by {who}</source>
        <translation>Hinzugefügt von {who}</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>The gallery could not be loaded: {reason} Press F5 to try again.</source>
        <translation>Die Galerie konnte nicht geladen werden: {reason} Drücken Sie F5, um es erneut zu versuchen.</translation>
    </message>
</context>
<context>
    <name>GalleryView</name>
    <message>
        <location filename="../../desktop/ui/gallery/gallery_view.py" line="+23"/>
        <source>Filter by file name (Ctrl+F)</source>
        <translation>Nach Dateiname filtern (Strg+F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Filter by file name</source>
        <translation>Nach Dateiname filtern</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lists only the photos whose file name contains this text. Enter moves to the photos; Esc clears the filter.</source>
        <translation>Zeigt nur die Fotos, deren Dateiname diesen Text enthält. Die Eingabetaste wechselt zu den Fotos; Esc leert den Filter.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Clear the filter</source>
        <translation>Filter leeren</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Photos listed</source>
        <translation>Angezeigte Fotos</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>More</source>
        <translation>Mehr</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More gallery actions</source>
        <translation>Weitere Galerie-Aktionen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download large views, open in the browser, select all, refresh</source>
        <translation>Großansichten herunterladen, im Browser öffnen, alle auswählen, aktualisieren</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reload the gallery (F5)</source>
        <translation>Galerie neu laden (F5)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete…</source>
        <translation>Löschen …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete the selected photos from the backend (Delete)</source>
        <translation>Die ausgewählten Fotos aus dem Backend löschen (Entf)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select all</source>
        <translation>Alle auswählen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select every photo listed (Ctrl+A)</source>
        <translation>Alle angezeigten Fotos auswählen (Strg+A)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Download originals…</source>
        <translation>Originaldateien herunterladen …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the selected photos&apos; original files into a folder (Ctrl+Shift+D)</source>
        <translation>Die Originaldateien der ausgewählten Fotos in einem Ordner speichern (Strg+Umschalt+D)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Download large views…</source>
        <translation>Großansichten herunterladen …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the selected photos&apos; large views (WebP) into a folder</source>
        <translation>Die Großansichten (WebP) der ausgewählten Fotos in einem Ordner speichern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy link</source>
        <translation>Link kopieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy a link to the selected photos (Ctrl+Shift+C)</source>
        <translation>Einen Link zu den ausgewählten Fotos kopieren (Strg+Umschalt+C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open in browser</source>
        <translation>Im Browser öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show or hide the photo details (Ctrl+I)</source>
        <translation>Fotodetails ein- oder ausblenden (Strg+I)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Find…</source>
        <translation>Suchen …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Filter the gallery by file name (Ctrl+F)</source>
        <translation>Die Galerie nach Dateiname filtern (Strg+F)</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>No photos yet. Uploads appear here as soon as they are ready.</source>
        <translation>Noch keine Fotos. Hochgeladene Fotos erscheinen hier, sobald sie bereit sind.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Searching…</source>
        <translation>Wird gesucht …</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing matches “{query}”</source>
        <translation>Keine Treffer für „{query}“</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>more than %Ln matching “{query}”</source>
        <translation>
            <numerusform>mehr als %Ln Treffer für „{query}“</numerusform>
            <numerusform>mehr als %Ln Treffer für „{query}“</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>more than %Ln photos</source>
        <translation>
            <numerusform>mehr als %Ln Foto</numerusform>
            <numerusform>mehr als %Ln Fotos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-2"/>
        <source>%Ln matching “{query}”</source>
        <translation>
            <numerusform>%Ln Treffer für „{query}“</numerusform>
            <numerusform>%Ln Treffer für „{query}“</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>1 photo</source>
        <translation>1 Foto</translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%Ln photos</source>
        <translation>
            <numerusform>%Ln Foto</numerusform>
            <numerusform>%Ln Fotos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>{count}, %Ln selected</source>
        <translation>
            <numerusform>{count}, %Ln ausgewählt</numerusform>
            <numerusform>{count}, %Ln ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No photo&apos;s file name contains “{query}”. Clear the filter (Esc) to see them all.</source>
        <translation>Kein Dateiname enthält „{query}“. Leeren Sie den Filter (Esc), um alle Fotos zu sehen.</translation>
    </message>
    <message numerus="yes">
        <location line="+70"/>
        <source>%Ln new photo(s) — show</source>
        <translation>
            <numerusform>%Ln neues Foto — anzeigen</numerusform>
            <numerusform>%Ln neue Fotos — anzeigen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Add to album</source>
        <translation>Zum Album hinzufügen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>New album…</source>
        <translation>Neues Album …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove from this album</source>
        <translation>Aus diesem Album entfernen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>An album lists its photos newest upload first; the order and filters apply to All photos.</source>
        <translation>Ein Album listet seine Fotos nach Hochladezeit, die neuesten zuerst; Reihenfolge und Filter gelten für „Alle Fotos“.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Copy a permanent link to the selected photos (Ctrl+Shift+C)</source>
        <translation>Einen dauerhaften Link zu den ausgewählten Fotos kopieren (Strg+Umschalt+C)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy a link to the selected photos that works as long as you choose (Ctrl+Shift+C)</source>
        <translation>Einen Link zu den ausgewählten Fotos kopieren, der so lange gilt, wie Sie wählen (Strg+Umschalt+C)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{name}: {reason}</source>
        <translation>{name}: {reason}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Permanent link to {name} copied.</source>
        <translation>Dauerhafter Link zu {name} kopiert.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%Ln permanent links copied.</source>
        <translation>
            <numerusform>%Ln dauerhafter Link kopiert.</numerusform>
            <numerusform>%Ln dauerhafte Links kopiert.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No link for {problems}</source>
        <translation>Kein Link für {problems}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Delete {name} from the backend? The original and its thumbnails are removed for good.</source>
        <translation>{name} aus dem Backend löschen? Die Originaldatei und ihre Vorschaubilder werden endgültig entfernt.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Delete these %Ln photos from the backend ({names})? Their originals and thumbnails are removed for good.</source>
        <translation>
            <numerusform>Dieses %Ln Foto aus dem Backend löschen ({names})? Seine Originaldatei und Vorschaubilder werden endgültig entfernt.</numerusform>
            <numerusform>Diese %Ln Fotos aus dem Backend löschen ({names})? Ihre Originaldateien und Vorschaubilder werden endgültig entfernt.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete photo</source>
        <translation>Foto löschen</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Delete %Ln photos</source>
        <translation>
            <numerusform>%Ln Foto löschen</numerusform>
            <numerusform>%Ln Fotos löschen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>Deleting %Ln photos…</source>
        <translation>
            <numerusform>%Ln Foto wird gelöscht …</numerusform>
            <numerusform>%Ln Fotos werden gelöscht …</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Thumbdrop is not connected to an API.</source>
        <translation>Thumbdrop ist mit keiner API verbunden.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Save the original of {name} in</source>
        <translation>Originaldatei von {name} speichern in</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Save the originals of %Ln photos in</source>
        <translation>
            <numerusform>Originaldatei von %Ln Foto speichern in</numerusform>
            <numerusform>Originaldateien von %Ln Fotos speichern in</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the large view of {name} in</source>
        <translation>Großansicht von {name} speichern in</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Save the large views of %Ln photos in</source>
        <translation>
            <numerusform>Großansicht von %Ln Foto speichern in</numerusform>
            <numerusform>Großansichten von %Ln Fotos speichern in</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Thumbdrop is not connected to an API yet; try again in a moment.</source>
        <translation>Thumbdrop ist noch mit keiner API verbunden; versuchen Sie es gleich noch einmal.</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <location filename="../../desktop/ui/shell/help_menu.py" line="+21"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>About Thumbdrop</source>
        <translation>Über Thumbdrop</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The version, the backend in use, the licence and the third-party notices</source>
        <translation>Die Version, das verwendete Backend, die Lizenz und die Hinweise zu Software Dritter</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+25"/>
        <source>Open the log folder</source>
        <translation>Protokollordner öffnen</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Show the folder with Thumbdrop&apos;s log files in your file manager</source>
        <translation>Den Ordner mit den Protokolldateien von Thumbdrop im Dateimanager zeigen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Report a problem…</source>
        <translation>Problem melden …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the version, the platform and the last log lines for a bug report</source>
        <translation>Version, Plattform und die letzten Protokollzeilen für einen Fehlerbericht kopieren</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>No file manager could be opened. The log files are in {folder}.</source>
        <translation>Es ließ sich kein Dateimanager öffnen. Die Protokolldateien liegen in {folder}.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Report a problem</source>
        <translation>Problem melden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A description for a bug report is on the clipboard: the version, the platform and the last lines of the log, with tokens and links removed. Paste it into your report, and say what you did and what you expected.</source>
        <translation>Eine Beschreibung für einen Fehlerbericht liegt in der Zwischenablage: die Version, die Plattform und die letzten Zeilen des Protokolls, ohne Tokens und Links. Fügen Sie sie in Ihren Bericht ein und schreiben Sie dazu, was Sie getan und was Sie erwartet haben.</translation>
    </message>
</context>
<context>
    <name>ImageFacts</name>
    <message>
        <location filename="../../desktop/ui/gallery/image_facts.py" line="+25"/>
        <source>unknown type</source>
        <translation>unbekannter Typ</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{format} (camera RAW)</source>
        <translation>{format} (Kamera-RAW)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>unknown size</source>
        <translation>unbekannte Abmessungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{width} × {height}</source>
        <translation>{width} × {height}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>size unknown</source>
        <translation>Größe unbekannt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{dimensions}, {size}, {type}</source>
        <translation>{dimensions}, {size}, {type}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>failed: {reason}</source>
        <translation>fehlgeschlagen: {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>processing</source>
        <translation>wird verarbeitet</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{name}, {state}, uploaded {when}</source>
        <translation>{name}, {state}, hochgeladen am {when}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>local time, no time zone</source>
        <translation>Ortszeit, ohne Zeitzone</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{when} ({zone})</source>
        <translation>{when} ({zone})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{when}, the file&apos;s time (the photo has no date)</source>
        <translation>{when}, die Zeit der Datei (das Foto nennt kein Datum)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{when}, the upload time (the photo has no date)</source>
        <translation>{when}, die Hochladezeit (das Foto nennt kein Datum)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{mm} mm</source>
        <translation>{mm} mm</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>f/{number}</source>
        <translation>f/{number}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{time} s</source>
        <translation>{time} s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ISO {iso}</source>
        <translation>ISO {iso}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{latitude}, {longitude}</source>
        <translation>{latitude}; {longitude}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{name}, a guest, through a shared link</source>
        <translation>{name}, ein Gast, über einen geteilten Link</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A guest (no name given), through a shared link</source>
        <translation>Ein Gast (ohne Namen), über einen geteilten Link</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>added by {who}</source>
        <translation>hinzugefügt von {who}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> · </source>
        <translation> · </translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <location filename="../../desktop/ui/gallery/viewer.py" line="+37"/>
        <location line="+157"/>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <location line="-150"/>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>View</source>
        <translation>Ansicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Viewer actions</source>
        <translation>Aktionen der Bildansicht</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Previous</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The previous photo (Left)</source>
        <translation>Das vorige Foto (Pfeil links)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The next photo (Right)</source>
        <translation>Das nächste Foto (Pfeil rechts)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fit to window</source>
        <translation>An Fenster anpassen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Shrink the photo to the window (F)</source>
        <translation>Das Foto auf Fenstergröße verkleinern (F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Actual size</source>
        <translation>Originalgröße</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One pixel of the large view (at most 1600 px) per screen pixel (1)</source>
        <translation>Ein Pixel der Großansicht (höchstens 1600 px) je Bildschirmpixel (1)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zoom in</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Zoom in (+, Ctrl+wheel)</source>
        <translation>Vergrößern (+, Strg+Mausrad)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Zoom out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Zoom out (-, Ctrl+wheel)</source>
        <translation>Verkleinern (-, Strg+Mausrad)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Close the viewer (Esc)</source>
        <translation>Bildansicht schließen (Esc)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Date taken and camera</source>
        <translation>Aufnahmedatum und Kamera</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Position and size</source>
        <translation>Position und Größe</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>{number} of more than {total}</source>
        <translation>{number} von mehr als {total}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{number} of {total}</source>
        <translation>{number} von {total}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>large view {width} × {height}</source>
        <translation>Großansicht {width} × {height}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{shown} (original {width} × {height})</source>
        <translation>{shown} (Original {width} × {height})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{where} · {shown}</source>
        <translation>{where} · {shown}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{name} — Thumbdrop</source>
        <translation>{name} — Thumbdrop</translation>
    </message>
</context>
<context>
    <name>InfoPanel</name>
    <message>
        <location filename="../../desktop/ui/gallery/info_panel.py" line="+26"/>
        <source>Photo details</source>
        <translation>Fotodetails</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Original name</source>
        <translation>Ursprünglicher Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taken</source>
        <translation>Aufgenommen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lens</source>
        <translation>Objektiv</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exposure</source>
        <translation>Belichtung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Location</source>
        <translation>Ort</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dimensions</source>
        <translation>Abmessungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uploaded</source>
        <translation>Hochgeladen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Added by</source>
        <translation>Hinzugefügt von</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Select a photo to see its details.</source>
        <translation>Wählen Sie ein Foto aus, um seine Details zu sehen.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%Ln photos selected, {size} in all.</source>
        <translation>
            <numerusform>%Ln Foto ausgewählt, insgesamt {size}.</numerusform>
            <numerusform>%Ln Fotos ausgewählt, insgesamt {size}.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{size} ({bytes} bytes)</source>
        <translation>{size} ({bytes} Bytes)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>(no name)</source>
        <translation>(ohne Namen)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{label}: {value}</source>
        <translation>{label}: {value}</translation>
    </message>
</context>
<context>
    <name>LinkDialog</name>
    <message>
        <location filename="../../desktop/ui/gallery/link_dialog.py" line="+96"/>
        <source>Share links</source>
        <translation>Links teilen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Share a link</source>
        <translation>Link teilen</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>A link to the large view of {name}.</source>
        <translation>Ein Link zur Großansicht von {name}.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Links to the large views of %Ln photos, one per line.</source>
        <translation>
            <numerusform>Links zu den Großansichten von %Ln Foto, einer pro Zeile.</numerusform>
            <numerusform>Links zu den Großansichten von %Ln Fotos, einer pro Zeile.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Link lifetime</source>
        <translation>Gültigkeitsdauer der Links</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How long the links work; the deployment sets the longest allowed.</source>
        <translation>Wie lange die Links gelten; die längste erlaubte Dauer legt die Bereitstellung fest.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Works for</source>
        <translation>&amp;Gültig für</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create and copy</source>
        <translation>Erstellen und kopieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Creates the links and copies them to the clipboard.</source>
        <translation>Erstellt die Links und kopiert sie in die Zwischenablage.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Links</source>
        <translation>Links</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The links appear here and are copied to the clipboard.</source>
        <translation>Die Links erscheinen hier und werden in die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The deployment allows links of up to {lifetime}.</source>
        <translation>Die Bereitstellung erlaubt Links mit einer Gültigkeit von bis zu {lifetime}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Creating…</source>
        <translation>Wird erstellt …</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Thumbdrop is not connected to an API.</source>
        <translation>Thumbdrop ist mit keiner API verbunden.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{name}: {reason}</source>
        <translation>{name}: {reason}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Copied to the clipboard.</source>
        <translation>In die Zwischenablage kopiert.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%Ln links copied to the clipboard.</source>
        <translation>
            <numerusform>%Ln Link in die Zwischenablage kopiert.</numerusform>
            <numerusform>%Ln Links in die Zwischenablage kopiert.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>They do not expire.</source>
        <translation>Sie laufen nicht ab.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It does not expire.</source>
        <translation>Er läuft nicht ab.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>They open only on this computer: the built-in backend serves them here.</source>
        <translation>Sie funktionieren nur auf diesem Computer: Das integrierte Backend stellt sie hier bereit.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It opens only on this computer: the built-in backend serves it here.</source>
        <translation>Er funktioniert nur auf diesem Computer: Das integrierte Backend stellt ihn hier bereit.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No link for {problems}</source>
        <translation>Kein Link für {problems}</translation>
    </message>
</context>
<context>
    <name>LinkWording</name>
    <message>
        <location line="-161"/>
        <source>1 day</source>
        <translation>1 Tag</translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%n days</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tage</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%n hours</source>
        <translation>
            <numerusform>%n Stunde</numerusform>
            <numerusform>%n Stunden</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{lifetime} (the longest allowed)</source>
        <translation>{lifetime} (die längste erlaubte Dauer)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>They work until {when} (in {left}).</source>
        <translation>Sie gelten bis {when} (noch {left}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It works until {when} (in {left}).</source>
        <translation>Er gilt bis {when} (noch {left}).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>They work until {when}.</source>
        <translation>Sie gelten bis {when}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It works until {when}.</source>
        <translation>Er gilt bis {when}.</translation>
    </message>
</context>
<context>
    <name>LocalBackend</name>
    <message>
        <location filename="../../desktop/client/local_backend.py" line="+126"/>
        <source>it was killed (signal {signal})</source>
        <translation>es wurde beendet (Signal {signal})</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+30"/>
        <source>it exited with code {code}</source>
        <translation>es wurde mit Code {code} beendet</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>The built-in backend stopped: {how} (its log: {log}).</source>
        <translation>Das eingebaute Backend hat aufgehört: {how} (sein Protokoll: {log}).</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>The built-in backend could not start: {reason} (its log: {log}).</source>
        <translation>Das eingebaute Backend konnte nicht starten: {reason} (sein Protokoll: {log}).</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The built-in backend was stopped while starting.</source>
        <translation>Das eingebaute Backend wurde beim Starten beendet.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/shell/main_window.py" line="+40"/>
        <source>Thumbdrop</source>
        <translation>Thumbdrop</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Upload</source>
        <translation>Hochladen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gallery</source>
        <translation>Galerie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Upload and gallery</source>
        <translation>Hochladen und Galerie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photos on their way, and how far each is (Alt+1)</source>
        <translation>Fotos auf dem Weg und wie weit jedes ist (Alt+1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The photos in your gallery (Alt+2)</source>
        <translation>Die Fotos in Ihrer Galerie (Alt+2)</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Starting…</source>
        <translation>Wird gestartet …</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Settings…</source>
        <translation>Einstellungen …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backend, uploads, tray and language</source>
        <translation>Backend, Uploads, Infobereich und Sprache</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop Thumbdrop (unfinished uploads continue next time)</source>
        <translation>Thumbdrop beenden (unfertige Uploads gehen beim nächsten Mal weiter)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Queue</source>
        <translation>&amp;Warteschlange</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Gallery</source>
        <translation>&amp;Galerie</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Restart Thumbdrop?</source>
        <translation>Thumbdrop neu starten?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The new language applies when Thumbdrop starts again. Restart now? Unfinished uploads continue after the restart.</source>
        <translation>Die neue Sprache gilt, sobald Thumbdrop neu startet. Jetzt neu starten? Unfertige Uploads gehen nach dem Neustart weiter.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Uploading {done} of {total}</source>
        <translation>{done} von {total} werden hochgeladen</translation>
    </message>
    <message numerus="yes">
        <location line="-2"/>
        <source>Watching %n folder(s)</source>
        <translation>
            <numerusform>%n Ordner beobachtet</numerusform>
            <numerusform>%n Ordner beobachtet</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Uploads finished: {outcome}</source>
        <translation>Uploads abgeschlossen: {outcome}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Thumbdrop: uploads finished</source>
        <translation>Thumbdrop: Uploads abgeschlossen</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Thumbdrop keeps uploading</source>
        <translation>Thumbdrop lädt weiter hoch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your photos keep uploading in the background. Quit from the tray icon&apos;s menu stops them.</source>
        <translation>Ihre Fotos werden im Hintergrund weiter hochgeladen. „Beenden“ im Menü des Symbols im Infobereich hält sie an.</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Still uploading: %Ln file(s). Quit now? Unfinished files stay in the queue and continue the next time you open Thumbdrop.</source>
        <translation>
            <numerusform>Noch im Upload: %Ln Datei. Jetzt beenden? Unfertige Dateien bleiben in der Warteschlange und gehen weiter, wenn Sie Thumbdrop das nächste Mal öffnen.</numerusform>
            <numerusform>Noch im Upload: %Ln Dateien. Jetzt beenden? Unfertige Dateien bleiben in der Warteschlange und gehen weiter, wenn Sie Thumbdrop das nächste Mal öffnen.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This desktop has no system tray, so Thumbdrop can&apos;t keep uploading with its window closed.</source>
        <translation>Diese Arbeitsumgebung hat keinen Infobereich, daher kann Thumbdrop bei geschlossenem Fenster nicht weiter hochladen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Uploads are running</source>
        <translation>Uploads laufen</translation>
    </message>
</context>
<context>
    <name>PhotoNames</name>
    <message>
        <location filename="../../desktop/ui/gallery/gallery_view.py" line="-565"/>
        <source>{names} and {last}</source>
        <translation>{names} und {last}</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message numerus="yes">
        <location line="-1"/>
        <source>{names} and %n more</source>
        <translation>
            <numerusform>{names} und %n weiteres</numerusform>
            <numerusform>{names} und %n weitere</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueStore</name>
    <message>
        <location filename="../../desktop/client/queue_schema.py" line="+118"/>
        <source>Can&apos;t open the upload queue at {path} ({error}).</source>
        <translation>Die Upload-Warteschlange unter {path} kann nicht geöffnet werden ({error}).</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Another Thumbdrop process is using the upload queue at {path}. Wait for it to finish (or close it), or use another queue file.</source>
        <translation>Ein anderer Thumbdrop-Prozess verwendet die Upload-Warteschlange unter {path}. Warten Sie, bis er fertig ist (oder schließen Sie ihn), oder verwenden Sie eine andere Warteschlangendatei.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Can&apos;t use the upload queue at {path} ({error}).</source>
        <translation>Die Upload-Warteschlange unter {path} kann nicht verwendet werden ({error}).</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The upload queue at {path} was written by a newer Thumbdrop (schema {version}, this one knows {known}). Update Thumbdrop, or move the file away to start with an empty queue.</source>
        <translation>Die Upload-Warteschlange unter {path} stammt von einem neueren Thumbdrop (Schema {version}, dieses kennt {known}). Aktualisieren Sie Thumbdrop, oder verschieben Sie die Datei, um mit einer leeren Warteschlange zu beginnen.</translation>
    </message>
    <message>
        <location filename="../../desktop/client/queue_store.py" line="+150"/>
        <source>The upload queue is closed.</source>
        <translation>Die Upload-Warteschlange ist geschlossen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Can&apos;t save the upload queue at {path} ({error}). Check that the disk has space and the folder is writable.</source>
        <translation>Die Upload-Warteschlange unter {path} kann nicht gespeichert werden ({error}). Prüfen Sie, ob auf dem Datenträger genug Platz ist und der Ordner beschreibbar ist.</translation>
    </message>
</context>
<context>
    <name>RenditionLoader</name>
    <message>
        <location filename="../../desktop/ui/services/picture_loaders.py" line="+59"/>
        <source>the file the backend sent is not a picture Qt can read</source>
        <translation>die vom Backend gesendete Datei ist kein lesbares Bild</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>The thumbnail of {name} could not be loaded: {reason}</source>
        <translation>Das Vorschaubild von {name} konnte nicht geladen werden: {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The large view of {name} could not be loaded: {reason}</source>
        <translation>Die Großansicht von {name} konnte nicht geladen werden: {reason}</translation>
    </message>
</context>
<context>
    <name>ServerErrors</name>
    <message>
        <location filename="../../backend/common/error_codes.py" line="+44"/>
        <source>The request has no bearer token; add the API token in Settings.</source>
        <translation>Die Anfrage enthält kein Bearer-Token; tragen Sie das API-Token in den Einstellungen ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The API token was not accepted; check the token in Settings.</source>
        <translation>Das API-Token wurde nicht angenommen; prüfen Sie das Token in den Einstellungen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This server has no API token configured, so it refuses every request; set API_TOKEN_SHA256 on the server.</source>
        <translation>Auf diesem Server ist kein API-Token eingerichtet, daher lehnt er jede Anfrage ab; setzen Sie API_TOKEN_SHA256 auf dem Server.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This server&apos;s API_TOKEN_SHA256 is not a comma-separated list of SHA-256 digests (64 hex characters each), so it refuses every request; fix it on the server.</source>
        <translation>API_TOKEN_SHA256 auf diesem Server ist keine durch Kommas getrennte Liste von SHA-256-Prüfsummen (je 64 Hexadezimalzeichen), daher lehnt er jede Anfrage ab; korrigieren Sie den Wert auf dem Server.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The filename is longer than {limit} bytes; rename the file and retry.</source>
        <translation>Der Dateiname ist länger als {limit} Bytes; benennen Sie die Datei um und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The filename contains control characters; rename the file and retry.</source>
        <translation>Der Dateiname enthält Steuerzeichen; benennen Sie die Datei um und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The filename contains invisible characters that change the direction of text (they can disguise a name); rename the file and retry.</source>
        <translation>Der Dateiname enthält unsichtbare Zeichen, die die Schreibrichtung ändern (sie können einen Namen verschleiern); benennen Sie die Datei um und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The type {type} is not accepted; Thumbdrop takes {accepted}.</source>
        <translation>Der Typ {type} wird nicht angenommen; Thumbdrop nimmt {accepted}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file is empty (or its size is not positive); files from 1 byte up to {limit} bytes are accepted.</source>
        <translation>Die Datei ist leer (oder ihre Größe ist nicht positiv); angenommen werden Dateien von 1 Byte bis {limit} Bytes.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file is {size} bytes; files from 1 byte up to {limit} bytes are accepted.</source>
        <translation>Die Datei ist {size} Bytes groß; angenommen werden Dateien von 1 Byte bis {limit} Bytes.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file is {size} bytes; files from 1 byte up to {limit} bytes are accepted in one PUT; files up to {multipart_limit} bytes go through POST /uploads/multipart.</source>
        <translation>Die Datei ist {size} Bytes groß; in einem PUT werden Dateien von 1 Byte bis {limit} Bytes angenommen; Dateien bis {multipart_limit} Bytes gehen über POST /uploads/multipart.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The parts add up to {size} bytes; files up to {limit} bytes are accepted. The upload was cancelled.</source>
        <translation>Die Teile ergeben zusammen {size} Bytes; angenommen werden Dateien bis {limit} Bytes. Der Upload wurde abgebrochen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The parts add up to {size} bytes, but the upload was created for a file of {declared} bytes; it was cancelled. Start it again with the file&apos;s real size.</source>
        <translation>Die Teile ergeben zusammen {size} Bytes, der Upload wurde aber für eine Datei mit {declared} Bytes angelegt; er wurde abgebrochen. Starten Sie ihn mit der tatsächlichen Größe der Datei neu.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Part {number} was never stored (or has expired); upload it and complete again.</source>
        <translation>Teil {number} wurde nie gespeichert (oder ist abgelaufen); laden Sie ihn hoch und schließen Sie den Upload erneut ab.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>There is no multipart upload with this upload_id for image {id} (it was completed, cancelled or has expired); start the upload again.</source>
        <translation>Für Bild {id} gibt es keinen mehrteiligen Upload mit dieser upload_id (er wurde abgeschlossen, abgebrochen oder ist abgelaufen); starten Sie den Upload neu.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>There is no image with id {id}; it may have been deleted.</source>
        <translation>Es gibt kein Bild mit der ID {id}; vielleicht wurde es gelöscht.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} is still being processed; ask again once it is ready.</source>
        <translation>{name} wird noch verarbeitet; fragen Sie erneut, sobald es fertig ist.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} failed to process, so it has no renditions to share.</source>
        <translation>{name} konnte nicht verarbeitet werden und hat daher keine Ansichten zum Teilen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The original of {name} is no longer stored; its thumbnail and large view remain.</source>
        <translation>Das Original von {name} ist nicht mehr gespeichert; Vorschaubild und große Ansicht bleiben erhalten.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The original of {name} is no longer stored (this server keeps originals for {days} days); its thumbnail and large view remain.</source>
        <translation>Das Original von {name} ist nicht mehr gespeichert (dieser Server bewahrt Originale {days} Tage auf); Vorschaubild und große Ansicht bleiben erhalten.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>There is no album with id {id}; it may have been deleted.</source>
        <translation>Es gibt kein Album mit der ID {id}; vielleicht wurde es gelöscht.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The album has no name; type a name and try again.</source>
        <translation>Das Album hat keinen Namen; geben Sie einen Namen ein und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The album name is longer than {limit} characters; shorten it and try again.</source>
        <translation>Der Albumname ist länger als {limit} Zeichen; kürzen Sie ihn und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The album name contains control characters; type it again without them.</source>
        <translation>Der Albumname enthält Steuerzeichen; geben Sie ihn ohne sie erneut ein.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Album {id} was being changed by others at the same moment; try again.</source>
        <translation>Album {id} wurde im selben Moment von anderen geändert; versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This link does not open anything; check that it was copied whole, or ask whoever sent it for a new one.</source>
        <translation>Dieser Link öffnet nichts; prüfen Sie, ob er vollständig kopiert wurde, oder bitten Sie den Absender um einen neuen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This link expired on {date}; ask whoever shared it for a new one.</source>
        <translation>Dieser Link ist am {date} abgelaufen; bitten Sie die Person, die ihn geteilt hat, um einen neuen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This link was turned off by whoever shared it; ask them for a new one.</source>
        <translation>Dieser Link wurde von der Person, die ihn geteilt hat, abgeschaltet; bitten Sie sie um einen neuen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The album this link showed has been deleted.</source>
        <translation>Das Album, das dieser Link zeigte, wurde gelöscht.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This album is protected by a password; type it to see the photos.</source>
        <translation>Dieses Album ist durch ein Passwort geschützt; geben Sie es ein, um die Fotos zu sehen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>That password is not right; check it and try again.</source>
        <translation>Das Passwort stimmt nicht; prüfen Sie es und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The expiry {date} has already passed; choose a later date.</source>
        <translation>Der Ablauf {date} liegt in der Vergangenheit; wählen Sie ein späteres Datum.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Adding photos through this link has been turned off by whoever shared it; send them your photos another way.</source>
        <translation>Das Hinzufügen von Fotos über diesen Link wurde von der Person abgeschaltet, die ihn geteilt hat; schicken Sie ihr Ihre Fotos auf anderem Weg.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This link takes at most {limit} photos and has them all; ask whoever shared it to allow more.</source>
        <translation>Dieser Link nimmt höchstens {limit} Fotos an und hat sie alle; bitten Sie die Person, die ihn geteilt hat, mehr zu erlauben.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{filename} is not a kind of photo this link takes ({types}); send a JPEG or export it as one.</source>
        <translation>{filename} ist keine Art Foto, die dieser Link annimmt ({types}); senden Sie ein JPEG oder exportieren Sie es als eines.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>There is no share with id {id}; it may have been revoked already.</source>
        <translation>Es gibt keine Freigabe mit der ID {id}; vielleicht wurde sie schon abgeschaltet.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>There is no API route {path}; check the API URL in Settings.</source>
        <translation>Es gibt keine API-Route {path}; prüfen Sie die API-URL in den Einstellungen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{method} is not supported on {path}; use {allowed}.</source>
        <translation>{method} wird für {path} nicht unterstützt; verwenden Sie {allowed}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server failed while handling this request; try again, and if it keeps failing check the backend&apos;s logs.</source>
        <translation>Beim Bearbeiten dieser Anfrage ist auf dem Server ein Fehler aufgetreten; versuchen Sie es erneut, und prüfen Sie die Protokolle des Backends, falls es weiterhin fehlschlägt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server failed while preparing this file&apos;s upload; try again.</source>
        <translation>Beim Vorbereiten des Uploads dieser Datei ist auf dem Server ein Fehler aufgetreten; versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The backend&apos;s storage is full or read-only, so nothing new can be stored; free space on the machine that runs the backend (or make its data folder writable) and try again.</source>
        <translation>Der Speicher des Backends ist voll oder schreibgeschützt, daher kann nichts Neues gespeichert werden; schaffen Sie Platz auf dem Rechner, auf dem das Backend läuft (oder machen Sie seinen Datenordner beschreibbar), und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The file is empty.</source>
        <translation>Die Datei ist leer.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The image is truncated or damaged.</source>
        <translation>Das Bild ist abgeschnitten oder beschädigt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The image is too large: {pixels} megapixels, the limit is {limit}.</source>
        <translation>Das Bild ist zu groß: {pixels} Megapixel, die Grenze liegt bei {limit}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The image is too large: more than {pixels} megapixels, the limit is {limit}.</source>
        <translation>Das Bild ist zu groß: mehr als {pixels} Megapixel, die Grenze liegt bei {limit}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This file is not an image Thumbdrop can read: it is {what}. Export it as JPEG or PNG and upload again.</source>
        <translation>Diese Datei ist kein Bild, das Thumbdrop lesen kann: Es ist {what}. Exportieren Sie sie als JPEG oder PNG und laden Sie sie erneut hoch.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This {format} file is damaged or uses an encoding Thumbdrop can&apos;t read (a compression, colour model or bit depth its {format} decoder doesn&apos;t support). Export it as an 8-bit RGB JPEG, PNG or TIFF and upload again.</source>
        <translation>Diese {format}-Datei ist beschädigt oder verwendet eine Kodierung, die Thumbdrop nicht lesen kann (eine Kompression, ein Farbmodell oder eine Bittiefe, die sein {format}-Decoder nicht unterstützt). Exportieren Sie sie als 8-Bit-RGB-JPEG, -PNG oder -TIFF und laden Sie sie erneut hoch.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This TIFF file uses {encoding}, which Thumbdrop can&apos;t read. Export it as an 8-bit or 16-bit RGB TIFF, a JPEG or a PNG and upload again.</source>
        <translation>Diese TIFF-Datei verwendet {encoding}, was Thumbdrop nicht lesen kann. Exportieren Sie sie als 8- oder 16-Bit-RGB-TIFF, als JPEG oder als PNG und laden Sie sie erneut hoch.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This file is not an image Thumbdrop can read (its colour mode {mode} is not supported). Export it as JPEG or PNG and upload again.</source>
        <translation>Diese Datei ist kein Bild, das Thumbdrop lesen kann (ihr Farbmodus {mode} wird nicht unterstützt). Exportieren Sie sie als JPEG oder PNG und laden Sie sie erneut hoch.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Thumbdrop&apos;s RAW decoder can&apos;t read this {format} file (a camera model or compression it doesn&apos;t know yet). Export it as JPEG, or convert it to DNG, and upload that.</source>
        <translation>Der RAW-Decoder von Thumbdrop kann diese {format}-Datei nicht lesen (ein Kameramodell oder eine Kompression, die er noch nicht kennt). Exportieren Sie sie als JPEG oder wandeln Sie sie in DNG um, und laden Sie das hoch.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This {format} file uses a compression Thumbdrop&apos;s RAW decoder can&apos;t read, and it carries no preview large enough to show instead. Export it as JPEG and upload that.</source>
        <translation>Diese {format}-Datei verwendet eine Kompression, die der RAW-Decoder von Thumbdrop nicht lesen kann, und enthält keine Vorschau, die groß genug wäre, um sie stattdessen zu zeigen. Exportieren Sie sie als JPEG und laden Sie das hoch.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A camera RAW file ({format}), which Thumbdrop can&apos;t read: it takes {accepted}. Convert it to DNG (Adobe DNG Converter is free) or export a JPEG, and add that.</source>
        <translation>Eine Kamera-RAW-Datei ({format}), die Thumbdrop nicht lesen kann: Es nimmt {accepted}. Wandeln Sie sie in DNG um (Adobe DNG Converter ist kostenlos) oder exportieren Sie ein JPEG, und fügen Sie das hinzu.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A DNG compressed with JPEG XL and without a large preview, which Thumbdrop&apos;s RAW decoder can&apos;t read yet. Save it as a DNG without that compression or with a full-size preview (or export a JPEG), and add that.</source>
        <translation>Eine mit JPEG XL komprimierte DNG-Datei ohne große Vorschau, die der RAW-Decoder von Thumbdrop noch nicht lesen kann. Speichern Sie sie als DNG ohne diese Kompression oder mit einer Vorschau in voller Größe (oder exportieren Sie ein JPEG), und fügen Sie das hinzu.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A GoPro GPR file (a DNG compressed with VC-5) and without a large preview, which Thumbdrop&apos;s RAW decoder can&apos;t read yet. Save it as a DNG without that compression or with a full-size preview (or export a JPEG), and add that.</source>
        <translation>Eine GoPro-GPR-Datei (eine mit VC-5 komprimierte DNG-Datei) ohne große Vorschau, die der RAW-Decoder von Thumbdrop noch nicht lesen kann. Speichern Sie sie als DNG ohne diese Kompression oder mit einer Vorschau in voller Größe (oder exportieren Sie ein JPEG), und fügen Sie das hinzu.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The uploaded bytes do not match the file&apos;s SHA-256 checksum (the file may have changed while it was uploading). Upload it again.</source>
        <translation>Die hochgeladenen Bytes passen nicht zur SHA-256-Prüfsumme der Datei (die Datei hat sich vielleicht während des Uploads geändert). Laden Sie sie erneut hoch.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The image was not processed within {minutes} minutes of its upload. Delete it and upload it again; if that fails too, the backend&apos;s log says why.</source>
        <translation>Das Bild wurde nicht innerhalb von {minutes} Minuten nach dem Upload verarbeitet. Löschen Sie es und laden Sie es erneut hoch; schlägt auch das fehl, steht der Grund im Protokoll des Backends.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The image was not processed within {seconds} seconds of its upload. Delete it and upload it again; if that fails too, the backend&apos;s log says why.</source>
        <translation>Das Bild wurde nicht innerhalb von {seconds} Sekunden nach dem Upload verarbeitet. Löschen Sie es und laden Sie es erneut hoch; schlägt auch das fehl, steht der Grund im Protokoll des Backends.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Processing did not start in time (the backend was overloaded or stopped for too long). Delete the image and upload it again.</source>
        <translation>Die Verarbeitung hat nicht rechtzeitig begonnen (das Backend war überlastet oder zu lange angehalten). Löschen Sie das Bild und laden Sie es erneut hoch.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Processing took longer than the backend allows. Try a smaller version of the image (fewer megapixels), or ask whoever runs the backend to give the resize function more time.</source>
        <translation>Die Verarbeitung hat länger gedauert, als das Backend erlaubt. Versuchen Sie eine kleinere Fassung des Bildes (weniger Megapixel), oder bitten Sie den Betreiber des Backends, der Resize-Funktion mehr Zeit zu geben.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The image needs more memory to process than the backend has. Try a smaller version of the image (fewer megapixels), or ask whoever runs the backend to give the resize function more memory.</source>
        <translation>Das Bild braucht zur Verarbeitung mehr Speicher, als das Backend hat. Versuchen Sie eine kleinere Fassung des Bildes (weniger Megapixel), oder bitten Sie den Betreiber des Backends, der Resize-Funktion mehr Speicher zu geben.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The backend failed to process the image every time (a server problem, not the file). Delete the image and upload it again; if it keeps failing, the backend&apos;s log says why.</source>
        <translation>Das Backend konnte das Bild bei keinem Versuch verarbeiten (ein Serverproblem, nicht die Datei). Löschen Sie das Bild und laden Sie es erneut hoch; schlägt es weiter fehl, steht der Grund im Protokoll des Backends.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The backend failed to process the image {count} times (a server problem, not the file). Delete the image and upload it again; if it keeps failing, the backend&apos;s log says why.</source>
        <translation>Das Backend konnte das Bild {count}-mal nicht verarbeiten (ein Serverproblem, nicht die Datei). Löschen Sie das Bild und laden Sie es erneut hoch; schlägt es weiter fehl, steht der Grund im Protokoll des Backends.</translation>
    </message>
</context>
<context>
    <name>Service</name>
    <message>
        <location filename="../../desktop/ui/services/service.py" line="+144"/>
        <source>Using the API at {endpoint}.</source>
        <translation>Die API unter {endpoint} wird verwendet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No token is set: add it in Settings (Ctrl+,).</source>
        <translation>Es ist kein Token eingestellt: Fügen Sie es in den Einstellungen hinzu (Strg+,).</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Paused: metered network. Uploads go on by themselves on another network (or turn off “Pause uploads on metered networks” in Settings).</source>
        <translation>Pausiert: getaktete Verbindung. Uploads gehen in einem anderen Netz von selbst weiter (oder schalten Sie „Uploads in getakteten Netzen pausieren“ in den Einstellungen aus).</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Using the built-in local backend.</source>
        <translation>Das eingebaute lokale Backend wird verwendet.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Starting the built-in local backend…</source>
        <translation>Das eingebaute lokale Backend wird gestartet …</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Using the built-in local backend (data in {folder}).</source>
        <translation>Das eingebaute lokale Backend wird verwendet (Daten in {folder}).</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>It keeps stopping, so Thumbdrop no longer starts it; your files stay queued. Look at its log, then restart Thumbdrop.</source>
        <translation>Es bricht immer wieder ab, daher startet Thumbdrop es nicht mehr; Ihre Dateien bleiben in der Warteschlange. Sehen Sie sich sein Protokoll an und starten Sie Thumbdrop dann neu.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Starting it again; your files stay queued and continue.</source>
        <translation>Es wird neu gestartet; Ihre Dateien bleiben in der Warteschlange und werden fortgesetzt.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The built-in local backend could not start ({error}).</source>
        <translation>Das eingebaute lokale Backend konnte nicht starten ({error}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your files stay queued: set an API endpoint in Settings (Ctrl+,) or restart Thumbdrop.</source>
        <translation>Ihre Dateien bleiben eingereiht: Stellen Sie in den Einstellungen (Strg+,) einen API-Endpunkt ein, oder starten Sie Thumbdrop neu.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The built-in local backend is still starting; try again in a moment.</source>
        <translation>Das eingebaute lokale Backend startet noch; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The built-in local backend is not running yet: it starts when you press OK.</source>
        <translation>Das eingebaute lokale Backend läuft noch nicht: Es startet, wenn Sie OK drücken.</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Type the API endpoint URL first.</source>
        <translation>Geben Sie zuerst die URL des API-Endpunkts ein.</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>The upload queue could not be opened ({error}).</source>
        <translation>Die Upload-Warteschlange konnte nicht geöffnet werden ({error}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Files can&apos;t be queued until Thumbdrop restarts.</source>
        <translation>Bis zum Neustart von Thumbdrop können keine Dateien eingereiht werden.</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../../desktop/settings.py" line="+38"/>
        <source>The API endpoint must be a URL starting with http:// or https://, or empty.</source>
        <translation>Der API-Endpunkt muss eine URL sein, die mit http:// oder https:// beginnt, oder leer bleiben.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Watched folders: {line} is not a folder&apos;s full path; remove it and add the folder again.</source>
        <translation>Beobachtete Ordner: {line} ist kein vollständiger Ordnerpfad; entfernen Sie ihn und fügen Sie den Ordner erneut hinzu.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Unlimited hours must look like 22-7 (from 22:00 to 07:00), or be empty.</source>
        <translation>Die Stunden ohne Limit müssen wie 22-7 aussehen (von 22:00 bis 07:00) oder leer sein.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>{label}: choose one of the offered values.</source>
        <translation>„{label}“: Wählen Sie einen der angebotenen Werte.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{label} must be at least {minimum}.</source>
        <translation>„{label}“ muss mindestens {minimum} sein.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{label} must be at most {maximum}.</source>
        <translation>„{label}“ darf höchstens {maximum} sein.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Use the built-in local backend</source>
        <translation>Eingebautes lokales Backend verwenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs a private backend on this computer; no AWS account needed.</source>
        <translation>Betreibt ein privates Backend auf diesem Computer; kein AWS-Konto nötig.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>API endpoint URL</source>
        <translation>URL des API-Endpunkts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The presign Function URL of your deployment, e.g. https://abc.lambda-url.eu-west-1.on.aws</source>
        <translation>Die Function-URL der Presign-Funktion Ihrer Installation, z. B. https://abc.lambda-url.eu-west-1.on.aws</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Uploads at once</source>
        <translation>Gleichzeitige Uploads</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How many files (or parts of a big file) upload in parallel.</source>
        <translation>Wie viele Dateien (oder Teile einer großen Datei) gleichzeitig hochgeladen werden.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Upload duplicates anyway</source>
        <translation>Duplikate trotzdem hochladen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Upload a photo even when the gallery already holds the same bytes. Off: such a photo shows as “Already in the gallery” and nothing is sent.</source>
        <translation>Ein Foto auch dann hochladen, wenn die Galerie schon dieselben Bytes enthält. Aus: Ein solches Foto erscheint als „Schon in der Galerie“, und nichts wird gesendet.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Keep photos&apos; locations</source>
        <translation>Aufnahmeorte der Fotos behalten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask the backend to keep the GPS position a photo records, shown in its details (never in the thumbnails or large views). Off: positions are dropped, unless the deployment keeps them for everyone. Applies to photos uploaded from now on.</source>
        <translation>Bittet das Backend, die GPS-Position eines Fotos zu behalten; sie erscheint in seinen Details (nie in den Vorschaubildern oder großen Ansichten). Aus: Positionen werden verworfen, außer die Installation behält sie für alle. Gilt für Fotos, die ab jetzt hochgeladen werden.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Keep uploading in the system tray when the window is closed</source>
        <translation>Beim Schließen des Fensters im Infobereich weiter hochladen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closing the window while photos upload leaves Thumbdrop in the system tray until they are done; Quit in the tray menu stops it. Off: closing asks to stop them.</source>
        <translation>Wird das Fenster geschlossen, während Fotos hochgeladen werden, bleibt Thumbdrop im Infobereich, bis sie fertig sind; „Beenden“ im Menü des Symbols hält es an. Aus: Beim Schließen wird gefragt, ob die Uploads angehalten werden sollen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Watched folders</source>
        <translation>Beobachtete Ordner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New and changed photos in these folders upload by themselves, also while the window is closed to the tray. Ticked: its subfolders too. Deleting a photo here never deletes it from the gallery.</source>
        <translation>Neue und geänderte Fotos in diesen Ordnern werden von selbst hochgeladen, auch wenn das Fenster in den Infobereich geschlossen ist. Angehakt: auch seine Unterordner. Ein hier gelöschtes Foto wird nie aus der Galerie gelöscht.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Upload limit (KB/s)</source>
        <translation>Upload-Limit (KB/s)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All uploads together send at most this many kilobytes a second. 0: no limit.</source>
        <translation>Alle Uploads zusammen senden höchstens so viele Kilobyte pro Sekunde. 0: kein Limit.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No limit between (hours)</source>
        <translation>Kein Limit zwischen (Stunden)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hours of the day the upload limit is lifted, e.g. 22-7 for nights. Empty: the limit always holds.</source>
        <translation>Stunden des Tages, in denen das Upload-Limit aufgehoben ist, z. B. 22-7 für die Nacht. Leer: das Limit gilt immer.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Pause uploads on metered networks</source>
        <translation>Uploads in getakteten Netzen pausieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>While the system says the network is metered (a phone&apos;s hotspot, a mobile plan), uploads wait and go on by themselves on another network. Only Linux (NetworkManager), Windows and Android tell.</source>
        <translation>Solange das System das Netz als getaktet meldet (der Hotspot eines Telefons, ein Mobilfunktarif), warten die Uploads und gehen in einem anderen Netz von selbst weiter. Nur Linux (NetworkManager), Windows und Android melden das.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Start at login</source>
        <translation>Bei der Anmeldung starten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thumbdrop starts in the system tray, without a window, when you log in, and watches your folders.</source>
        <translation>Thumbdrop startet bei der Anmeldung im Infobereich, ohne Fenster, und beobachtet Ihre Ordner.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Processing timeout (seconds)</source>
        <translation>Zeitlimit der Verarbeitung (Sekunden)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How long to wait for the thumbnail after an upload before giving up.</source>
        <translation>Wie lange nach einem Upload auf das Vorschaubild gewartet wird, bevor aufgegeben wird.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The language of Thumbdrop&apos;s windows, and how numbers and sizes are written. A change applies the next time Thumbdrop starts.</source>
        <translation>Die Sprache der Fenster von Thumbdrop und die Schreibweise von Zahlen und Größen. Eine Änderung gilt ab dem nächsten Start von Thumbdrop.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>System default</source>
        <translation>Systemvorgabe</translation>
    </message>
    <message>
        <location line="+159"/>
        <source>The token is kept for this session only: no system keyring is available to store it safely. Install and unlock a keyring (e.g. GNOME Keyring or KWallet) to have it remembered.</source>
        <translation>Das Token gilt nur für diese Sitzung: Es gibt keinen Schlüsselbund des Systems, der es sicher speichern könnte. Installieren und entsperren Sie einen Schlüsselbund (z. B. GNOME Keyring oder KWallet), damit es gespeichert wird.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/ui/shell/settings_dialog.py" line="+89"/>
        <source>Thumbdrop settings</source>
        <translation>Thumbdrop-Einstellungen</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>e.g. https://abc123.lambda-url.eu-west-1.on.aws</source>
        <translation>z. B. https://abc123.lambda-url.eu-west-1.on.aws</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A new language applies at the next start: after OK, Thumbdrop offers to restart.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start: Nach OK bietet Thumbdrop einen Neustart an.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The bearer token of your deployment (its SHA-256 is what the deployment keeps). Stored in the system keyring.</source>
        <translation>Das Bearer-Token Ihrer Installation (sie bewahrt nur seinen SHA-256 auf). Wird im Schlüsselbund des Systems gespeichert.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>API token</source>
        <translation>API-Token</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>API &amp;token</source>
        <translation>API-&amp;Token</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Test &amp;connection</source>
        <translation>&amp;Verbindung testen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checks that the API shown here answers and accepts the token</source>
        <translation>Prüft, ob die hier angegebene API antwortet und das Token annimmt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Connection test result</source>
        <translation>Ergebnis des Verbindungstests</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Problems with these settings</source>
        <translation>Probleme mit diesen Einstellungen</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Set an API endpoint URL, or use the built-in local backend.</source>
        <translation>Geben Sie eine URL für den API-Endpunkt an, oder verwenden Sie das eingebaute lokale Backend.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Testing…</source>
        <translation>Wird getestet …</translation>
    </message>
</context>
<context>
    <name>ShareDialog</name>
    <message>
        <location filename="../../desktop/ui/gallery/share_dialog.py" line="+50"/>
        <source>Share “{name}”</source>
        <translation>„{name}“ teilen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Links to this album</source>
        <translation>Links zu diesem Album</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy link</source>
        <translation>Link kopieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Turn off link</source>
        <translation>Link abschalten</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+124"/>
        <source>Stop guest uploads</source>
        <translation>Gast-Uploads beenden</translation>
    </message>
    <message>
        <location line="-115"/>
        <source>Expires after</source>
        <translation>Gültig bis einschließlich</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Last day the link works</source>
        <translation>Letzter Tag, an dem der Link funktioniert</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>none: anyone with the link</source>
        <translation>keins: jeder mit dem Link</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show file names</source>
        <translation>Dateinamen zeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show when each photo was taken</source>
        <translation>Aufnahmezeit jedes Fotos zeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Let people download the originals</source>
        <translation>Herunterladen der Originale erlauben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Let guests add photos, up to</source>
        <translation>Gäste dürfen Fotos hinzufügen, bis zu</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The page then takes photos from a phone or computer; they appear in this album, marked with the name the guest gives. You can stop it at any time.</source>
        <translation>Die Seite nimmt dann Fotos von einem Telefon oder Computer an; sie erscheinen in diesem Album, mit dem Namen versehen, den der Gast angibt. Sie können das jederzeit beenden.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> photos</source>
        <translation> Fotos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Most photos guests may add</source>
        <translation>Höchstzahl der Fotos, die Gäste hinzufügen dürfen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Create link</source>
        <translation>Link erstellen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>New link</source>
        <translation>Neuer Link</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Anyone with a link sees the album&apos;s photos in a web browser, until the link expires or is turned off.</source>
        <translation>Jeder mit einem Link sieht die Fotos des Albums im Webbrowser, bis der Link abläuft oder abgeschaltet wird.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No links yet.</source>
        <translation>Noch keine Links.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The album&apos;s links could not be listed</source>
        <translation>Die Links des Albums konnten nicht aufgelistet werden</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>until {when}</source>
        <translation>bis {when}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>never expires</source>
        <translation>läuft nie ab</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>names</source>
        <translation>Namen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>dates</source>
        <translation>Daten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>originals</source>
        <translation>Originale</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>guests add photos ({used} of {limit})</source>
        <translation>Gäste fügen Fotos hinzu ({used} von {limit})</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Let guests add photos</source>
        <translation>Gäste Fotos hinzufügen lassen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Link copied.</source>
        <translation>Link kopiert.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The link is turned off: its page now says so.</source>
        <translation>Der Link ist abgeschaltet: seine Seite sagt das jetzt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The link could not be turned off</source>
        <translation>Der Link konnte nicht abgeschaltet werden</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Guests can add photos through this link again.</source>
        <translation>Gäste können über diesen Link wieder Fotos hinzufügen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guests can no longer add photos through this link; what they sent stays in the album.</source>
        <translation>Gäste können über diesen Link keine Fotos mehr hinzufügen; was sie geschickt haben, bleibt im Album.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Guest uploads could not be changed</source>
        <translation>Gast-Uploads konnten nicht geändert werden</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>New link made and copied.</source>
        <translation>Neuer Link erstellt und kopiert.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The link could not be made</source>
        <translation>Der Link konnte nicht erstellt werden</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>It opens only on this computer: to share with others, run the built-in backend for your network (thumbdrop-backend --host) or deploy the backend to AWS.</source>
        <translation>Er öffnet sich nur auf diesem Computer: Um mit anderen zu teilen, starten Sie das eingebaute Backend für Ihr Netzwerk (thumbdrop-backend --host) oder stellen Sie das Backend auf AWS bereit.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Thumbdrop is not connected to a backend yet; share the album once the gallery is listed.</source>
        <translation>Thumbdrop ist noch mit keinem Backend verbunden; teilen Sie das Album, sobald die Galerie aufgelistet ist.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{what}: {reason}</source>
        <translation>{what}: {reason}</translation>
    </message>
</context>
<context>
    <name>TotalBar</name>
    <message>
        <location filename="../../desktop/ui/upload/total_bar.py" line="+21"/>
        <source>Nothing queued yet.</source>
        <translation>Noch nichts eingereiht.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{done} of {files} ready</source>
        <translation>{done} von {files} fertig</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{done} of {total}</source>
        <translation>{done} von {total}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>a few seconds left</source>
        <translation>noch wenige Sekunden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>about {duration} left</source>
        <translation>noch etwa {duration}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count} making thumbnails</source>
        <translation>{count} in Bearbeitung (Vorschaubilder)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count} paused</source>
        <translation>{count} angehalten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count} failed</source>
        <translation>{count} fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Progress of the whole queue</source>
        <translation>Fortschritt der ganzen Warteschlange</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Queue summary</source>
        <translation>Zusammenfassung der Warteschlange</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Queue totals</source>
        <translation>Summen der Warteschlange</translation>
    </message>
</context>
<context>
    <name>Transfer</name>
    <message>
        <location filename="../../desktop/client/transfer.py" line="+42"/>
        <source>no details</source>
        <translation>keine Einzelheiten</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>the storage server</source>
        <translation>der Speicherserver</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>the storage answered {refusal}.</source>
        <translation>der Speicher antwortete {refusal}.</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../desktop/ui/shell/tray.py" line="+57"/>
        <source>Show Thumbdrop</source>
        <translation>Thumbdrop anzeigen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+20"/>
        <source>Thumbdrop</source>
        <translation>Thumbdrop</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Thumbdrop — {summary}</source>
        <translation>Thumbdrop – {summary}</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <location filename="../../desktop/ui/widgets/units.py" line="+28"/>
        <source>{size}/s</source>
        <translation>{size}/s</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{seconds} s</source>
        <translation>{seconds} s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} min {seconds} s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} Std. {minutes} min</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>%Ln file(s)</source>
        <translation>
            <numerusform>%Ln Datei</numerusform>
            <numerusform>%Ln Dateien</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UploadRow</name>
    <message>
        <location filename="../../desktop/ui/upload/queue_delegate.py" line="+120"/>
        <location filename="../../desktop/ui/upload/queue_sentences.py" line="+47"/>
        <source>{done} of {size}</source>
        <translation>{done} von {size}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/upload/queue_sentences.py" line="-11"/>
        <source>Paused with the whole queue: Resume all continues it</source>
        <translation>Mit der ganzen Warteschlange angehalten: „Alle fortsetzen“ setzt den Upload fort</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Waiting its turn</source>
        <translation>Wartet, bis sie an der Reihe ist</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reading the file to check it…</source>
        <translation>Die Datei wird zur Prüfung gelesen …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Asking the server where to upload it…</source>
        <translation>Der Server wird gefragt, wohin sie hochgeladen wird …</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Paused at {done} of {size}</source>
        <translation>Angehalten bei {done} von {size}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paused: Resume continues it</source>
        <translation>Angehalten: „Fortsetzen“ setzt den Upload fort</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sent  ·  making the thumbnail…</source>
        <translation>Gesendet  ·  das Vorschaubild wird erzeugt …</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>In the gallery  ·  {width} × {height} px</source>
        <translation>In der Galerie  ·  {width} × {height} px</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>In the gallery</source>
        <translation>In der Galerie</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Already in the gallery as “{name}”: nothing was sent. Upload anyway adds a copy.</source>
        <translation>Schon in der Galerie als „{name}“: Nichts wurde gesendet. „Trotzdem hochladen“ fügt eine Kopie hinzu.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Already in the gallery: nothing was sent. Upload anyway adds a copy.</source>
        <translation>Schon in der Galerie: Nichts wurde gesendet. „Trotzdem hochladen“ fügt eine Kopie hinzu.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancelled: Retry uploads it again</source>
        <translation>Abgebrochen: „Wiederholen“ lädt die Datei erneut hoch</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{name}, {state}, {percent} percent, {done} of {size}</source>
        <translation>{name}, {state}, {percent} Prozent, {done} von {size}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{name}, {state}, {size}</source>
        <translation>{name}, {state}, {size}</translation>
    </message>
</context>
<context>
    <name>UploadView</name>
    <message>
        <location filename="../../desktop/ui/upload/upload_view.py" line="+66"/>
        <source>Drop photos or whole folders anywhere on this window,
or use Add files… (Ctrl+O).</source>
        <translation>Ziehen Sie Fotos oder ganze Ordner irgendwo in dieses Fenster,
oder verwenden Sie „Dateien hinzufügen …“ (Strg+O).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Upload queue</source>
        <translation>Upload-Warteschlange</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One row per photo: its name, state and progress. Delete removes the selected rows from the list; the context menu key lists what else applies to them.</source>
        <translation>Eine Zeile pro Foto: Name, Zustand und Fortschritt. Entf entfernt die ausgewählten Zeilen aus der Liste; die Kontextmenütaste zeigt, was sonst mit ihnen möglich ist.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Queue status</source>
        <translation>Zustand der Warteschlange</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Add files…</source>
        <translation>Dateien hinzufügen …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose photos to upload</source>
        <translation>Fotos zum Hochladen auswählen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add folder…</source>
        <translation>Ordner hinzufügen …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a folder: every photo in it is uploaded</source>
        <translation>Einen Ordner auswählen: Jedes Foto darin wird hochgeladen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pause the selected files</source>
        <translation>Die ausgewählten Dateien anhalten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resume the selected files</source>
        <translation>Die ausgewählten Dateien fortsetzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pause all</source>
        <translation>Alle anhalten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pause the whole queue (remembered when you quit)</source>
        <translation>Die ganze Warteschlange anhalten (bleibt auch nach dem Beenden so)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume all</source>
        <translation>Alle fortsetzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resume the whole queue</source>
        <translation>Die ganze Warteschlange fortsetzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the selected files (nothing of them stays on the server)</source>
        <translation>Die ausgewählten Dateien abbrechen (nichts von ihnen bleibt auf dem Server)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Upload the selected failed or cancelled files again</source>
        <translation>Die ausgewählten fehlgeschlagenen oder abgebrochenen Dateien erneut hochladen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Upload anyway</source>
        <translation>Trotzdem hochladen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Upload a copy of files already in the gallery</source>
        <translation>Eine Kopie von Dateien hochladen, die schon in der Galerie sind</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove from list</source>
        <translation>Aus der Liste entfernen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Take the selected rows out of the queue (the gallery keeps its images)</source>
        <translation>Die ausgewählten Zeilen aus der Warteschlange nehmen (die Galerie behält ihre Bilder)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry all failed</source>
        <translation>Alle fehlgeschlagenen wiederholen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Upload every failed file again</source>
        <translation>Jede fehlgeschlagene Datei erneut hochladen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear finished</source>
        <translation>Erledigte entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove ready, cancelled and skipped rows</source>
        <translation>Fertige, abgebrochene und übersprungene Zeilen entfernen</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Queue</source>
        <translation>Warteschlange</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queue actions</source>
        <translation>Aktionen der Warteschlange</translation>
    </message>
    <message numerus="yes">
        <location line="+59"/>
        <source>%Ln file(s) from last time continue uploading.</source>
        <translation>
            <numerusform>%Ln Datei vom letzten Mal wird weiter hochgeladen.</numerusform>
            <numerusform>%Ln Dateien vom letzten Mal werden weiter hochgeladen.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Waiting for the network… Uploads continue by themselves as soon as the server answers again.</source>
        <translation>Warten auf das Netzwerk … Die Uploads gehen von selbst weiter, sobald der Server wieder antwortet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Uploads are paused. Resume all (Ctrl+Shift+S) continues them.</source>
        <translation>Die Uploads sind angehalten. „Alle fortsetzen“ (Strg+Umschalt+S) setzt sie fort.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Images ({patterns})</source>
        <translation>Bilder ({patterns})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add photos</source>
        <translation>Fotos hinzufügen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Add a folder of photos</source>
        <translation>Einen Ordner mit Fotos hinzufügen</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%Ln file(s) skipped: not images Thumbdrop can upload (the reason is on each row).</source>
        <translation>
            <numerusform>%Ln Datei übersprungen: kein Bild, das Thumbdrop hochladen kann (der Grund steht in der Zeile).</numerusform>
            <numerusform>%Ln Dateien übersprungen: keine Bilder, die Thumbdrop hochladen kann (der Grund steht in jeder Zeile).</numerusform>
        </translation>
    </message>
    <message>
        <location line="+58"/>
        <source>That did not work: {error}</source>
        <translation>Das hat nicht geklappt: {error}</translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>%Ln file(s) not sent again: the backend refused what is in them, and the same bytes would be refused again. Fix or replace the file, then retry.</source>
        <translation>
            <numerusform>%Ln Datei nicht erneut gesendet: Das Backend hat ihren Inhalt abgelehnt, und dieselben Bytes würden wieder abgelehnt. Reparieren oder ersetzen Sie die Datei und versuchen Sie es dann erneut.</numerusform>
            <numerusform>%Ln Dateien nicht erneut gesendet: Das Backend hat ihren Inhalt abgelehnt, und dieselben Bytes würden wieder abgelehnt. Reparieren oder ersetzen Sie die Dateien und versuchen Sie es dann erneut.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Watcher</name>
    <message>
        <location filename="../../desktop/client/watcher.py" line="+245"/>
        <source>Watching folders stopped after an unexpected error; restart Thumbdrop to resume it (details are in the log).</source>
        <translation>Das Beobachten der Ordner hat nach einem unerwarteten Fehler aufgehört; starten Sie Thumbdrop neu, um es fortzusetzen (Einzelheiten stehen im Protokoll).</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The watched folder {folder} is not there (deleted, or its disk is not connected). Watching resumes by itself when it is back.</source>
        <translation>Der beobachtete Ordner {folder} ist nicht da (gelöscht, oder sein Laufwerk ist nicht angeschlossen). Das Beobachten geht von selbst weiter, sobald er wieder da ist.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{folder} has more folders than the system lets Thumbdrop watch (fs.inotify.max_user_watches); new photos there are found by a rescan every {minutes} minutes instead. Raise the limit to have them taken at once.</source>
        <translation>{folder} hat mehr Ordner, als das System Thumbdrop beobachten lässt (fs.inotify.max_user_watches); neue Fotos dort werden stattdessen alle {minutes} Minuten durch erneutes Durchsuchen gefunden. Erhöhen Sie das Limit, damit sie sofort übernommen werden.</translation>
    </message>
</context>
</TS>
