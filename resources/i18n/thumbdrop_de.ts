<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
    <context>
        <name>ErrorReporter</name>
        <message>
            <location filename="../../desktop/ui/error_reporter.py" line="+30" />
            <source>Something went wrong inside Thumbdrop ({error}). Your uploads carry on; the details are in {log}.</source>
            <translation>In Thumbdrop ist etwas schiefgegangen ({error}). Ihre Uploads laufen weiter; Einzelheiten stehen in {log}.</translation>
        </message>
    </context>
    <context>
        <name>Settings</name>
        <message>
            <location filename="../../desktop/settings.py" line="+34" />
            <source>The API endpoint must be a URL starting with http:// or https://, or empty.</source>
            <translation>Der API-Endpunkt muss eine URL sein, die mit http:// oder https:// beginnt, oder leer bleiben.</translation>
        </message>
        <message>
            <location line="+35" />
            <source>{label}: choose one of the offered values.</source>
            <translation>„{label}“: Wählen Sie einen der angebotenen Werte.</translation>
        </message>
        <message>
            <location line="+3" />
            <source>{label} must be at least {minimum}.</source>
            <translation>„{label}“ muss mindestens {minimum} sein.</translation>
        </message>
        <message>
            <location line="+3" />
            <source>{label} must be at most {maximum}.</source>
            <translation>„{label}“ darf höchstens {maximum} sein.</translation>
        </message>
        <message>
            <location line="+8" />
            <source>Use the built-in local backend</source>
            <translation>Eingebautes lokales Backend verwenden</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Runs a private backend on this computer; no AWS account needed.</source>
            <translation>Betreibt ein privates Backend auf diesem Computer; kein AWS-Konto nötig.</translation>
        </message>
        <message>
            <location line="+4" />
            <source>API endpoint URL</source>
            <translation>URL des API-Endpunkts</translation>
        </message>
        <message>
            <location line="+1" />
            <source>The presign Function URL of your deployment, e.g. https://abc.lambda-url.eu-west-1.on.aws</source>
            <translation>Die Function-URL der Presign-Funktion Ihrer Installation, z. B. https://abc.lambda-url.eu-west-1.on.aws</translation>
        </message>
        <message>
            <location line="+5" />
            <source>Uploads at once</source>
            <translation>Gleichzeitige Uploads</translation>
        </message>
        <message>
            <location line="+2" />
            <source>How many files (or parts of a big file) upload in parallel.</source>
            <translation>Wie viele Dateien (oder Teile einer großen Datei) gleichzeitig hochgeladen werden.</translation>
        </message>
        <message>
            <location line="+4" />
            <source>Upload duplicates anyway</source>
            <translation>Duplikate trotzdem hochladen</translation>
        </message>
        <message>
            <location line="+1" />
            <source>Upload a photo even when the gallery already holds the same bytes. Off: such a photo shows as “Already in the gallery” and nothing is sent.</source>
            <translation>Ein Foto auch dann hochladen, wenn die Galerie schon dieselben Bytes enthält. Aus: Ein solches Foto erscheint als „Schon in der Galerie“, und nichts wird gesendet.</translation>
        </message>
        <message>
            <location line="+6" />
            <source>Keep uploading in the system tray when the window is closed</source>
            <translation>Beim Schließen des Fensters im Infobereich weiter hochladen</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Closing the window while photos upload leaves Thumbdrop in the system tray until they are done; Quit in the tray menu stops it. Off: closing asks to stop them.</source>
            <translation>Wird das Fenster geschlossen, während Fotos hochgeladen werden, bleibt Thumbdrop im Infobereich, bis sie fertig sind; „Beenden“ im Menü des Symbols hält es an. Aus: Beim Schließen wird gefragt, ob die Uploads angehalten werden sollen.</translation>
        </message>
        <message>
            <location line="+7" />
            <source>Processing timeout (seconds)</source>
            <translation>Zeitlimit der Verarbeitung (Sekunden)</translation>
        </message>
        <message>
            <location line="+1" />
            <source>How long to wait for the thumbnail after an upload before giving up.</source>
            <translation>Wie lange nach einem Upload auf das Vorschaubild gewartet wird, bevor aufgegeben wird.</translation>
        </message>
        <message>
            <location line="+4" />
            <source>Language</source>
            <translation>Sprache</translation>
        </message>
        <message>
            <location line="+1" />
            <source>The language of Thumbdrop's windows, and how numbers and sizes are written. A change applies the next time Thumbdrop starts.</source>
            <translation>Die Sprache der Fenster von Thumbdrop und die Schreibweise von Zahlen und Größen. Eine Änderung gilt ab dem nächsten Start von Thumbdrop.</translation>
        </message>
        <message>
            <location line="+4" />
            <source>System default</source>
            <translation>Systemvorgabe</translation>
        </message>
        <message>
            <location line="+99" />
            <source>The token is kept for this session only: no system keyring is available to store it safely. Install and unlock a keyring (e.g. GNOME Keyring or KWallet) to have it remembered.</source>
            <translation>Das Token gilt nur für diese Sitzung: Es gibt keinen Schlüsselbund des Systems, der es sicher speichern könnte. Installieren und entsperren Sie einen Schlüsselbund (z. B. GNOME Keyring oder KWallet), damit es gespeichert wird.</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <location filename="../../desktop/ui/settings_dialog.py" line="+73" />
            <source>Thumbdrop settings</source>
            <translation>Thumbdrop-Einstellungen</translation>
        </message>
        <message>
            <location line="+21" />
            <source>The bearer token of your deployment (its SHA-256 is what the deployment keeps). Stored in the system keyring.</source>
            <translation>Das Bearer-Token Ihrer Installation (sie bewahrt nur seinen SHA-256 auf). Wird im Schlüsselbund des Systems gespeichert.</translation>
        </message>
        <message>
            <location line="+3" />
            <source>API token</source>
            <translation>API-Token</translation>
        </message>
        <message>
            <location line="+2" />
            <source>API &amp;token</source>
            <translation>API-&amp;Token</translation>
        </message>
        <message>
            <location line="+5" />
            <source>Test &amp;connection</source>
            <translation>&amp;Verbindung testen</translation>
        </message>
        <message>
            <location line="+2" />
            <source>Checks that the API shown here answers and accepts the token</source>
            <translation>Prüft, ob die hier angegebene API antwortet und das Token annimmt</translation>
        </message>
        <message>
            <location line="+4" />
            <source>Connection test result</source>
            <translation>Ergebnis des Verbindungstests</translation>
        </message>
        <message>
            <location line="+4" />
            <source>Problems with these settings</source>
            <translation>Probleme mit diesen Einstellungen</translation>
        </message>
        <message>
            <location line="+47" />
            <source>Set an API endpoint URL, or use the built-in local backend.</source>
            <translation>Geben Sie eine URL für den API-Endpunkt an, oder verwenden Sie das eingebaute lokale Backend.</translation>
        </message>
        <message>
            <location line="+13" />
            <source>Testing…</source>
            <translation>Wird getestet …</translation>
        </message>
    </context>
</TS>
