<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Deletion</name>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="107"/>
        <source>Deleted {name}.</source>
        <translation>{name} gelöscht.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/gallery_view.py" line="108"/>
        <source>Deleted %n photos.</source>
        <translation>
            <numerusform>%n Foto gelöscht.</numerusform>
            <numerusform>%n Fotos gelöscht.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="114"/>
        <source>{name} was not deleted: {reason}</source>
        <translation>{name} wurde nicht gelöscht: {reason}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/gallery_view.py" line="117"/>
        <source>{names} were not deleted: {reason}</source>
        <translation>
            <numerusform>{names} wurde nicht gelöscht: {reason}</numerusform>
            <numerusform>{names} wurden nicht gelöscht: {reason}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/gallery_view.py" line="121"/>
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
        <location filename="../../desktop/ui/download_job.py" line="67"/>
        <source>Saved the original of {name} as {file}.</source>
        <translation>Originaldatei von {name} als {file} gespeichert.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/download_job.py" line="68"/>
        <source>Saved the large view of {name} as {file}.</source>
        <translation>Großansicht von {name} als {file} gespeichert.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/download_job.py" line="86"/>
        <source>The original of {name} is no longer kept; its large view remains.</source>
        <translation>Die Originaldatei von {name} wird nicht mehr aufbewahrt; ihre Großansicht bleibt erhalten.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/download_job.py" line="89"/>
        <source>The original of {name} is no longer kept (originals are kept 1 day); its large view remains.</source>
        <translation>Die Originaldatei von {name} wird nicht mehr aufbewahrt (Originaldateien werden 1 Tag lang aufbewahrt); ihre Großansicht bleibt erhalten.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/download_job.py" line="92"/>
        <source>The original of {name} is no longer kept (originals are kept %n days); its large view remains.</source>
        <translation>
            <numerusform>Die Originaldatei von {name} wird nicht mehr aufbewahrt (Originaldateien werden %n Tag lang aufbewahrt); ihre Großansicht bleibt erhalten.</numerusform>
            <numerusform>Die Originaldatei von {name} wird nicht mehr aufbewahrt (Originaldateien werden %n Tage lang aufbewahrt); ihre Großansicht bleibt erhalten.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/download_job.py" line="95"/>
        <source>The original of {name} was not saved: {reason}</source>
        <translation>Die Originaldatei von {name} wurde nicht gespeichert: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/download_job.py" line="96"/>
        <source>The large view of {name} was not saved: {reason}</source>
        <translation>Die Großansicht von {name} wurde nicht gespeichert: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/download_job.py" line="116"/>
        <source>Downloading the original of {name} to {folder}…</source>
        <translation>Originaldatei von {name} wird nach {folder} heruntergeladen …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/download_job.py" line="118"/>
        <source>Downloading the large view of {name} to {folder}…</source>
        <translation>Großansicht von {name} wird nach {folder} heruntergeladen …</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/download_job.py" line="120"/>
        <source>Downloading %Ln originals to {folder}…</source>
        <translation>
            <numerusform>%Ln Originaldatei wird nach {folder} heruntergeladen …</numerusform>
            <numerusform>%Ln Originaldateien werden nach {folder} heruntergeladen …</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/download_job.py" line="121"/>
        <source>Downloading %Ln large views to {folder}…</source>
        <translation>
            <numerusform>%Ln Großansicht wird nach {folder} heruntergeladen …</numerusform>
            <numerusform>%Ln Großansichten werden nach {folder} heruntergeladen …</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/download_job.py" line="127"/>
        <location filename="../../desktop/ui/download_job.py" line="129"/>
        <source>{done} of {total}</source>
        <translation>{done} von {total}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/download_job.py" line="135"/>
        <source>Saved {saved} of {total} originals to {folder}.</source>
        <translation>{saved} von {total} Originaldateien in {folder} gespeichert.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/download_job.py" line="136"/>
        <source>Saved {saved} of {total} large views to {folder}.</source>
        <translation>{saved} von {total} Großansichten in {folder} gespeichert.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/download_job.py" line="139"/>
        <source>%Ln cancelled.</source>
        <translation>
            <numerusform>%Ln abgebrochen.</numerusform>
            <numerusform>%Ln abgebrochen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/download_job.py" line="143"/>
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
        <location filename="../../desktop/client/downloads.py" line="64"/>
        <source>{folder} already holds thousands of files named like {name}.</source>
        <translation>In {folder} liegen bereits Tausende Dateien mit Namen wie {name}.</translation>
    </message>
    <message>
        <location filename="../../desktop/client/downloads.py" line="72"/>
        <source>Couldn&apos;t create {name} in {folder} ({reason}). Check that the folder exists and you may write to it.</source>
        <translation>{name} konnte in {folder} nicht angelegt werden ({reason}). Prüfen Sie, ob der Ordner existiert und Sie darin schreiben dürfen.</translation>
    </message>
    <message>
        <location filename="../../desktop/client/downloads.py" line="105"/>
        <source>Couldn&apos;t save {name} in {folder} ({reason}). Check that the disk has space.</source>
        <translation>{name} konnte in {folder} nicht gespeichert werden ({reason}). Prüfen Sie, ob auf dem Datenträger noch Platz ist.</translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="30"/>
        <source>Downloads</source>
        <translation>Downloads</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="35"/>
        <source>Download status</source>
        <translation>Downloadstatus</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="37"/>
        <source>Download progress</source>
        <translation>Downloadfortschritt</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="38"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="39"/>
        <source>Stop downloading; files saved so far stay</source>
        <translation>Download beenden; bereits gespeicherte Dateien bleiben erhalten</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="42"/>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="44"/>
        <source>Shows the folder the files were saved in</source>
        <translation>Zeigt den Ordner, in dem die Dateien gespeichert wurden</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="46"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="47"/>
        <source>Hides this download&apos;s summary</source>
        <translation>Blendet die Zusammenfassung dieses Downloads aus</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="50"/>
        <source>Files not saved</source>
        <translation>Nicht gespeicherte Dateien</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="87"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen …</translation>
    </message>
</context>
<context>
    <name>GalleryListView</name>
    <message>
        <location filename="../../desktop/ui/gallery_list_view.py" line="55"/>
        <source>Gallery</source>
        <translation>Galerie</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_list_view.py" line="57"/>
        <source>Uploaded photos, newest first, grouped by day. Enter opens the selected photo; Delete deletes the selection; Ctrl+F filters by file name.</source>
        <translation>Hochgeladene Fotos, neueste zuerst, nach Tagen gruppiert. Die Eingabetaste öffnet das ausgewählte Foto; Entf löscht die Auswahl; Strg+F filtert nach Dateiname.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_list_view.py" line="112"/>
        <source>{name} is still being fetched for dragging; drag again in a moment.</source>
        <translation>{name} wird für das Ziehen noch geladen; ziehen Sie es gleich noch einmal.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/gallery_list_view.py" line="115"/>
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
        <location filename="../../desktop/ui/gallery_model.py" line="59"/>
        <source>Date unknown</source>
        <translation>Datum unbekannt</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_model.py" line="62"/>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_model.py" line="64"/>
        <source>Yesterday</source>
        <translation>Gestern</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_model.py" line="127"/>
        <source>{name}
{facts}
Uploaded {when}</source>
        <translation>{name}
{facts}
Hochgeladen am {when}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_model.py" line="208"/>
        <source>The gallery could not be loaded: {reason} Press F5 to try again.</source>
        <translation>Die Galerie konnte nicht geladen werden: {reason} Drücken Sie F5, um es erneut zu versuchen.</translation>
    </message>
</context>
<context>
    <name>GalleryView</name>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="143"/>
        <source>Filter by file name (Ctrl+F)</source>
        <translation>Nach Dateiname filtern (Strg+F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="145"/>
        <source>Filter by file name</source>
        <translation>Nach Dateiname filtern</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="147"/>
        <source>Lists only the photos whose file name contains this text. Enter moves to the photos; Esc clears the filter.</source>
        <translation>Zeigt nur die Fotos, deren Dateiname diesen Text enthält. Die Eingabetaste wechselt zu den Fotos; Esc leert den Filter.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="155"/>
        <source>Clear the filter</source>
        <translation>Filter leeren</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="162"/>
        <source>Photos listed</source>
        <translation>Angezeigte Fotos</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="185"/>
        <source>More</source>
        <translation>Mehr</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="186"/>
        <source>More gallery actions</source>
        <translation>Weitere Galerie-Aktionen</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="187"/>
        <source>Download large views, open in the browser, select all, refresh</source>
        <translation>Großansichten herunterladen, im Browser öffnen, alle auswählen, aktualisieren</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="226"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="228"/>
        <source>Reload the gallery (F5)</source>
        <translation>Galerie neu laden (F5)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="229"/>
        <source>Delete…</source>
        <translation>Löschen …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="231"/>
        <source>Delete the selected photos from the backend (Delete)</source>
        <translation>Die ausgewählten Fotos aus dem Backend löschen (Entf)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="232"/>
        <source>Select all</source>
        <translation>Alle auswählen</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="234"/>
        <source>Select every photo listed (Ctrl+A)</source>
        <translation>Alle angezeigten Fotos auswählen (Strg+A)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="236"/>
        <source>Download originals…</source>
        <translation>Originaldateien herunterladen …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="238"/>
        <source>Save the selected photos&apos; original files into a folder (Ctrl+Shift+D)</source>
        <translation>Die Originaldateien der ausgewählten Fotos in einem Ordner speichern (Strg+Umschalt+D)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="240"/>
        <source>Download large views…</source>
        <translation>Großansichten herunterladen …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="241"/>
        <source>Save the selected photos&apos; large views (WebP) into a folder</source>
        <translation>Die Großansichten (WebP) der ausgewählten Fotos in einem Ordner speichern</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="242"/>
        <source>Copy link</source>
        <translation>Link kopieren</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="243"/>
        <source>Copy a link to the selected photos (Ctrl+Shift+C)</source>
        <translation>Einen Link zu den ausgewählten Fotos kopieren (Strg+Umschalt+C)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="244"/>
        <source>Open in browser</source>
        <translation>Im Browser öffnen</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="245"/>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="246"/>
        <source>Show or hide the photo details (Ctrl+I)</source>
        <translation>Fotodetails ein- oder ausblenden (Strg+I)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="249"/>
        <source>Find…</source>
        <translation>Suchen …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="252"/>
        <source>Filter the gallery by file name (Ctrl+F)</source>
        <translation>Die Galerie nach Dateiname filtern (Strg+F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="287"/>
        <source>No photos yet. Uploads appear here as soon as they are ready.</source>
        <translation>Noch keine Fotos. Hochgeladene Fotos erscheinen hier, sobald sie bereit sind.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="294"/>
        <source>Searching…</source>
        <translation>Wird gesucht …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="294"/>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="296"/>
        <source>Nothing matches “{query}”</source>
        <translation>Keine Treffer für „{query}“</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/gallery_view.py" line="298"/>
        <source>%Ln+ matching “{query}”</source>
        <translation>
            <numerusform>%Ln+ Treffer für „{query}“</numerusform>
            <numerusform>%Ln+ Treffer für „{query}“</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/gallery_view.py" line="299"/>
        <source>%Ln matching “{query}”</source>
        <translation>
            <numerusform>%Ln Treffer für „{query}“</numerusform>
            <numerusform>%Ln Treffer für „{query}“</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/gallery_view.py" line="301"/>
        <source>%Ln+ photos</source>
        <translation>
            <numerusform>%Ln+ Fotos</numerusform>
            <numerusform>%Ln+ Fotos</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="303"/>
        <source>1 photo</source>
        <translation>1 Foto</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/gallery_view.py" line="303"/>
        <source>%Ln photos</source>
        <translation>
            <numerusform>%Ln Foto</numerusform>
            <numerusform>%Ln Fotos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/gallery_view.py" line="306"/>
        <source>{count}, %Ln selected</source>
        <translation>
            <numerusform>{count}, %Ln ausgewählt</numerusform>
            <numerusform>{count}, %Ln ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="310"/>
        <source>No photo&apos;s file name contains “{query}”. Clear the filter (Esc) to see them all.</source>
        <translation>Kein Dateiname enthält „{query}“. Leeren Sie den Filter (Esc), um alle Fotos zu sehen.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="390"/>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="403"/>
        <source>Copy a permanent link to the selected photos (Ctrl+Shift+C)</source>
        <translation>Einen dauerhaften Link zu den ausgewählten Fotos kopieren (Strg+Umschalt+C)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="405"/>
        <source>Copy a link to the selected photos that works as long as you choose (Ctrl+Shift+C)</source>
        <translation>Einen Link zu den ausgewählten Fotos kopieren, der so lange gilt, wie Sie wählen (Strg+Umschalt+C)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="426"/>
        <source>{name}: {reason}</source>
        <translation>{name}: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="436"/>
        <source>Permanent link to {name} copied.</source>
        <translation>Dauerhafter Link zu {name} kopiert.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/gallery_view.py" line="439"/>
        <source>%Ln permanent links copied.</source>
        <translation>
            <numerusform>%Ln dauerhafter Link kopiert.</numerusform>
            <numerusform>%Ln dauerhafte Links kopiert.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="441"/>
        <source>No link for {problems}</source>
        <translation>Kein Link für {problems}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="458"/>
        <source>Delete {name} from the backend? The original and its thumbnails are removed for good.</source>
        <translation>{name} aus dem Backend löschen? Die Originaldatei und ihre Vorschaubilder werden endgültig entfernt.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/gallery_view.py" line="461"/>
        <source>Delete these %Ln photos from the backend ({names})? Their originals and thumbnails are removed for good.</source>
        <translation>
            <numerusform>Dieses %Ln Foto aus dem Backend löschen ({names})? Seine Originaldatei und Vorschaubilder werden endgültig entfernt.</numerusform>
            <numerusform>Diese %Ln Fotos aus dem Backend löschen ({names})? Ihre Originaldateien und Vorschaubilder werden endgültig entfernt.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="464"/>
        <source>Delete photo</source>
        <translation>Foto löschen</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/gallery_view.py" line="465"/>
        <source>Delete %Ln photos</source>
        <translation>
            <numerusform>%Ln Foto löschen</numerusform>
            <numerusform>%Ln Fotos löschen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/gallery_view.py" line="475"/>
        <source>Deleting %Ln photos…</source>
        <translation>
            <numerusform>%Ln Foto wird gelöscht …</numerusform>
            <numerusform>%Ln Fotos werden gelöscht …</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="481"/>
        <source>Thumbdrop is not connected to an API.</source>
        <translation>Thumbdrop ist mit keiner API verbunden.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="496"/>
        <source>Save the original of {name} in</source>
        <translation>Originaldatei von {name} speichern in</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/gallery_view.py" line="497"/>
        <source>Save the originals of %Ln photos in</source>
        <translation>
            <numerusform>Originaldatei von %Ln Foto speichern in</numerusform>
            <numerusform>Originaldateien von %Ln Fotos speichern in</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="499"/>
        <source>Save the large view of {name} in</source>
        <translation>Großansicht von {name} speichern in</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/gallery_view.py" line="501"/>
        <source>Save the large views of %Ln photos in</source>
        <translation>
            <numerusform>Großansicht von %Ln Foto speichern in</numerusform>
            <numerusform>Großansichten von %Ln Fotos speichern in</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="513"/>
        <source>Thumbdrop is not connected to an API yet; try again in a moment.</source>
        <translation>Thumbdrop ist noch mit keiner API verbunden; versuchen Sie es gleich noch einmal.</translation>
    </message>
</context>
<context>
    <name>ImageFacts</name>
    <message>
        <location filename="../../desktop/ui/image_facts.py" line="26"/>
        <source>unknown type</source>
        <translation>unbekannter Typ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/image_facts.py" line="31"/>
        <source>{format} (camera RAW)</source>
        <translation>{format} (Kamera-RAW)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/image_facts.py" line="38"/>
        <source>unknown size</source>
        <translation>unbekannte Abmessungen</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/image_facts.py" line="39"/>
        <source>{width} × {height}</source>
        <translation>{width} × {height}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/image_facts.py" line="46"/>
        <source>size unknown</source>
        <translation>Größe unbekannt</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/image_facts.py" line="47"/>
        <source>{dimensions}, {size}, {type}</source>
        <translation>{dimensions}, {size}, {type}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/image_facts.py" line="54"/>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/image_facts.py" line="57"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/image_facts.py" line="58"/>
        <source>failed: {reason}</source>
        <translation>fehlgeschlagen: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/image_facts.py" line="60"/>
        <source>processing</source>
        <translation>wird verarbeitet</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/image_facts.py" line="68"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/image_facts.py" line="75"/>
        <source>{name}, {state}, uploaded {when}</source>
        <translation>{name}, {state}, hochgeladen am {when}</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <location filename="../../desktop/ui/viewer.py" line="26"/>
        <location filename="../../desktop/ui/viewer.py" line="92"/>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/viewer.py" line="33"/>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/viewer.py" line="36"/>
        <source>View</source>
        <translation>Ansicht</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/viewer.py" line="37"/>
        <source>Viewer actions</source>
        <translation>Aktionen der Bildansicht</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/viewer.py" line="41"/>
        <source>Previous</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/viewer.py" line="41"/>
        <source>The previous photo (Left)</source>
        <translation>Das vorige Foto (Pfeil links)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/viewer.py" line="43"/>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/viewer.py" line="43"/>
        <source>The next photo (Right)</source>
        <translation>Das nächste Foto (Pfeil rechts)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/viewer.py" line="45"/>
        <source>Fit to window</source>
        <translation>An Fenster anpassen</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/viewer.py" line="45"/>
        <source>Shrink the photo to the window (F)</source>
        <translation>Das Foto auf Fenstergröße verkleinern (F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/viewer.py" line="47"/>
        <source>Actual size</source>
        <translation>Originalgröße</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/viewer.py" line="47"/>
        <source>One pixel of the photo per screen pixel (1)</source>
        <translation>Ein Bildpixel pro Bildschirmpixel (1)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/viewer.py" line="49"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/viewer.py" line="49"/>
        <source>Close the viewer (Esc)</source>
        <translation>Bildansicht schließen (Esc)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/viewer.py" line="89"/>
        <source>{name} — Thumbdrop</source>
        <translation>{name} — Thumbdrop</translation>
    </message>
</context>
<context>
    <name>InfoPanel</name>
    <message>
        <location filename="../../desktop/ui/info_panel.py" line="21"/>
        <source>Photo details</source>
        <translation>Fotodetails</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/info_panel.py" line="55"/>
        <source>Original name</source>
        <translation>Ursprünglicher Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/info_panel.py" line="56"/>
        <source>Dimensions</source>
        <translation>Abmessungen</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/info_panel.py" line="57"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/info_panel.py" line="58"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/info_panel.py" line="59"/>
        <source>Uploaded</source>
        <translation>Hochgeladen</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/info_panel.py" line="60"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/info_panel.py" line="72"/>
        <source>Select a photo to see its details.</source>
        <translation>Wählen Sie ein Foto aus, um seine Details zu sehen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/info_panel.py" line="75"/>
        <source>%Ln photos selected, {size} in all.</source>
        <translation>
            <numerusform>%Ln Foto ausgewählt, insgesamt {size}.</numerusform>
            <numerusform>%Ln Fotos ausgewählt, insgesamt {size}.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/info_panel.py" line="81"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/info_panel.py" line="83"/>
        <source>{size} ({bytes} bytes)</source>
        <translation>{size} ({bytes} Bytes)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/info_panel.py" line="89"/>
        <source>(no name)</source>
        <translation>(ohne Namen)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/info_panel.py" line="100"/>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/info_panel.py" line="101"/>
        <source>{label}: {value}</source>
        <translation>{label}: {value}</translation>
    </message>
</context>
<context>
    <name>LinkDialog</name>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="96"/>
        <source>Share links</source>
        <translation>Links teilen</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="96"/>
        <source>Share a link</source>
        <translation>Link teilen</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="107"/>
        <source>A link to the large view of {name}.</source>
        <translation>Ein Link zur Großansicht von {name}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/link_dialog.py" line="109"/>
        <source>Links to the large views of %Ln photos, one per line.</source>
        <translation>
            <numerusform>Links zu den Großansichten von %Ln Foto, einer pro Zeile.</numerusform>
            <numerusform>Links zu den Großansichten von %Ln Fotos, einer pro Zeile.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="114"/>
        <source>Link lifetime</source>
        <translation>Gültigkeitsdauer der Links</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="116"/>
        <source>How long the links work; the deployment sets the longest allowed.</source>
        <translation>Wie lange die Links gelten; die längste erlaubte Dauer legt die Bereitstellung fest.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="124"/>
        <source>&amp;Works for</source>
        <translation>&amp;Gültig für</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="125"/>
        <source>Create and copy</source>
        <translation>Erstellen und kopieren</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="127"/>
        <source>Creates the links and copies them to the clipboard.</source>
        <translation>Erstellt die Links und kopiert sie in die Zwischenablage.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="132"/>
        <source>Links</source>
        <translation>Links</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="134"/>
        <source>The links appear here and are copied to the clipboard.</source>
        <translation>Die Links erscheinen hier und werden in die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="137"/>
        <source>The deployment allows links of up to {lifetime}.</source>
        <translation>Die Bereitstellung erlaubt Links mit einer Gültigkeit von bis zu {lifetime}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="139"/>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="161"/>
        <source>Creating…</source>
        <translation>Wird erstellt …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="170"/>
        <source>Thumbdrop is not connected to an API.</source>
        <translation>Thumbdrop ist mit keiner API verbunden.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="177"/>
        <source>{name}: {reason}</source>
        <translation>{name}: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="187"/>
        <source>Copied to the clipboard.</source>
        <translation>In die Zwischenablage kopiert.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/link_dialog.py" line="188"/>
        <source>%Ln links copied to the clipboard.</source>
        <translation>
            <numerusform>%Ln Link in die Zwischenablage kopiert.</numerusform>
            <numerusform>%Ln Links in die Zwischenablage kopiert.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="192"/>
        <source>They do not expire.</source>
        <translation>Sie laufen nicht ab.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="193"/>
        <source>It does not expire.</source>
        <translation>Er läuft nicht ab.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="196"/>
        <source>They open only on this computer: the built-in backend serves them here.</source>
        <translation>Sie funktionieren nur auf diesem Computer: Das integrierte Backend stellt sie hier bereit.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="198"/>
        <source>It opens only on this computer: the built-in backend serves it here.</source>
        <translation>Er funktioniert nur auf diesem Computer: Das integrierte Backend stellt ihn hier bereit.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="201"/>
        <source>No link for {problems}</source>
        <translation>Kein Link für {problems}</translation>
    </message>
</context>
<context>
    <name>LinkWording</name>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="45"/>
        <source>1 day</source>
        <translation>1 Tag</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/link_dialog.py" line="45"/>
        <source>%n days</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tage</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="48"/>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/link_dialog.py" line="48"/>
        <source>%n hours</source>
        <translation>
            <numerusform>%n Stunde</numerusform>
            <numerusform>%n Stunden</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="52"/>
        <source>{lifetime} (the longest allowed)</source>
        <translation>{lifetime} (die längste erlaubte Dauer)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="56"/>
        <source>They work until {when} (in {left}).</source>
        <translation>Sie gelten bis {when} (noch {left}).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="57"/>
        <source>It works until {when} (in {left}).</source>
        <translation>Er gilt bis {when} (noch {left}).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="61"/>
        <source>They work until {when}.</source>
        <translation>Sie gelten bis {when}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/link_dialog.py" line="62"/>
        <source>It works until {when}.</source>
        <translation>Er gilt bis {when}.</translation>
    </message>
</context>
<context>
    <name>PhotoNames</name>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="66"/>
        <source>{names} and {last}</source>
        <translation>{names} und {last}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/gallery_view.py" line="67"/>
        <location filename="../../desktop/ui/gallery_view.py" line="69"/>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/gallery_view.py" line="68"/>
        <source>{names} and %n more</source>
        <translation>
            <numerusform>{names} und %n weiteres</numerusform>
            <numerusform>{names} und %n weitere</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RenditionLoader</name>
    <message>
        <location filename="../../desktop/ui/pictures.py" line="49"/>
        <source>the file the backend sent is not a picture Qt can read</source>
        <translation>die vom Backend gesendete Datei ist kein lesbares Bild</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pictures.py" line="102"/>
        <source>The thumbnail of {name} could not be loaded: {reason}</source>
        <translation>Das Vorschaubild von {name} konnte nicht geladen werden: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pictures.py" line="104"/>
        <source>The large view of {name} could not be loaded: {reason}</source>
        <translation>Die Großansicht von {name} konnte nicht geladen werden: {reason}</translation>
    </message>
</context>
</TS>
