"""The HTML a share link opens: one self-contained document (its style and script inline,
allowed by their SHA-256 in a strict Content-Security-Policy; no third-party script, font or
CDN), and the plain page that says why a link shows nothing (404, 410).

The photos are not in the document: its script asks POST /s/<token>/photos (the password, if
the share has one, goes there, never into a URL) and lets the browser load renditions from
the store, the one other origin the policy allows for images. `Referrer-Policy: no-referrer`
keeps the link (its token) out of the store's requests and logs. Where the share takes guest
uploads, the script hashes each picked file (SHA-256, read a slice at a time) and PUTs it to
the store with the headers POST /s/<token>/uploads signed: the store's origin is the one other
place the policy lets it connect to.
"""

from __future__ import annotations

import base64
import hashlib
import html
from importlib.resources import files

_PAGE = files(__package__).joinpath("page")
_STYLE = _PAGE.joinpath("share.css").read_text(encoding="utf-8")
_SCRIPT = _PAGE.joinpath("share.js").read_text(encoding="utf-8")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


_STYLE_HASH = _hash(_STYLE)
_SCRIPT_HASH = _hash(_SCRIPT)

_ALBUM = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Shared album</title>
<style>{style}</style>
</head>
<body>
<header>
<h1 id="title">Shared album</h1>
<p class="note" id="note" aria-live="polite">Loading the photos…</p>
</header>
<form id="password-form" hidden>
<label for="password">Password</label>
<input id="password" type="password" autocomplete="current-password" required>
<button class="primary" type="submit">Show the photos</button>
</form>
<p class="problem" id="problem" role="alert" hidden></p>
<section class="add" id="add" aria-labelledby="add-title" hidden>
<h2 id="add-title">Add your photos</h2>
<p class="note" id="add-note"></p>
<div class="drop" id="drop">
<label for="guest-name">Your name (optional)</label>
<input id="guest-name" type="text" maxlength="60" autocomplete="name">
<label class="pick" for="files">Choose photos…</label>
<input id="files" type="file" multiple>
<span class="note">or drop them on this page</span>
</div>
<ul class="sending" id="sending" aria-live="polite"></ul>
<p><button class="primary" id="fresh" type="button" hidden>Show the new photos</button></p>
</section>
<main>
<ul class="grid" id="grid" aria-label="Photos"></ul>
<div id="end" aria-hidden="true"></div>
<p><button class="primary" id="more" type="button" hidden>More photos</button></p>
</main>
<div class="viewer" id="viewer" role="dialog" aria-modal="true" aria-label="Photo" hidden>
<img id="big" alt="">
<div class="bar">
<button id="previous" type="button" aria-label="Previous photo">‹ Previous</button>
<span class="where" id="where"></span>
<button id="next" type="button" aria-label="Next photo">Next ›</button>
<a id="download" download hidden>Download original</a>
<button id="close" type="button">Close</button>
</div>
<p class="caption" id="viewer-caption"></p>
</div>
<script>{script}</script>
</body>
</html>
"""

_REFUSED = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{heading}</title>
<style>{style}</style>
</head>
<body>
<header><h1>{heading}</h1><p class="note">{sentence}</p></header>
</body>
</html>
"""

_HEADINGS = {404: "No album here", 410: "This link no longer works"}


def album_page(image_origin: str, upload_origin: str) -> dict:
    """The page for a link that works now (the photos come with the script's first request;
    guests' photos, where the share takes them, go to `upload_origin` by presigned PUTs)."""
    return _html(200, _ALBUM.format(style=_STYLE, script=_SCRIPT),
                 script=_SCRIPT_HASH, images=image_origin, uploads=upload_origin)


def refused_page(status: int, sentence: str) -> dict:
    heading = _HEADINGS.get(status, "This link does not work")
    return _html(status, _REFUSED.format(style=_STYLE, heading=html.escape(heading),
                                         sentence=html.escape(sentence)))


def _html(status: int, body: str, *, script: str | None = None,
          images: str | None = None, uploads: str | None = None) -> dict:
    policy = ["default-src 'none'", f"style-src {_STYLE_HASH}", "base-uri 'none'",
              "form-action 'none'", "frame-ancestors 'none'"]
    if script is not None:
        policy += [f"script-src {script}", f"connect-src 'self' {uploads}",
                   f"img-src {images}"]
    return {"statusCode": status, "isBase64Encoded": False, "body": body, "headers": {
        "content-type": "text/html; charset=utf-8", "cache-control": "no-store",
        "content-security-policy": "; ".join(policy), "referrer-policy": "no-referrer",
        "x-content-type-options": "nosniff", "x-frame-options": "DENY"}}
