"""`thumbdrop-cli album …`: list, create, rename, delete, add, remove, show, and the album's
web links: share, links, unshare, guests.

An ALBUM is named by its id or by its exact name (when no other album has that name).
Results go to stdout, sentences about failures to stderr; exit 1 when anything failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date, timedelta

from desktop.client.albums import Album
from desktop.client.api import ApiClient
from desktop.client.api_errors import ApiError
from desktop.client.shares import (
    DEFAULT_DAYS,
    DEFAULT_GUEST_LIMIT,
    Share,
    ShareOptions,
    end_of_day,
)

PAGE = 100


class AlbumNotNamed(Exception):
    """The ALBUM argument names no album, or several: the sentence says which."""


def add_parser(commands, connection: argparse.ArgumentParser) -> None:
    album = commands.add_parser("album",
                                help="albums: list, create, rename, delete, add, remove, show, "
                                "share, links, unshare, guests")
    actions = album.add_subparsers(dest="album_command", required=True, metavar="ACTION")

    def action(name: str, what: str) -> argparse.ArgumentParser:
        # The connection options after the action (`album add --local …`), like other commands.
        return actions.add_parser(name, help=what, parents=[connection])

    listing = action("list", "every album with its photo count")
    listing.add_argument("--json", action="store_true", help="one JSON object per album")
    action("create", "a new album (prints its id)").add_argument("name")
    rename = action("rename", "give an album a new name")
    rename.add_argument("album", metavar="ALBUM")
    rename.add_argument("name")
    action("delete", "delete albums (their photos stay in the gallery)").add_argument(
        "albums", nargs="+", metavar="ALBUM")
    for name, what in (("add", "put photos in an album"),
                       ("remove", "take photos out of an album (they stay in the gallery)")):
        change = action(name, what)
        change.add_argument("album", metavar="ALBUM")
        change.add_argument("ids", nargs="+", metavar="ID")
    show = action("show", "the photos in an album, newest first")
    show.add_argument("album", metavar="ALBUM")
    show.add_argument("--json", action="store_true", help="one JSON object per photo")
    share = action("share", "a link that shows the album as a web page to anyone holding it")
    share.add_argument("album", metavar="ALBUM")
    until = share.add_mutually_exclusive_group()
    until.add_argument("--expires", type=date.fromisoformat, metavar="YYYY-MM-DD",
                       help=f"the last day it works (default: in {DEFAULT_DAYS} days)")
    until.add_argument("--never-expires", action="store_true")
    share.add_argument("--password-stdin", action="store_true",
                       help="read a password from the first line of stdin (never an argument: "
                       "others see arguments)")
    share.add_argument("--names", action="store_true", help="the page shows file names")
    share.add_argument("--dates", action="store_true", help="the page shows when each was taken")
    share.add_argument("--originals", action="store_true",
                       help="the page lets people download the originals")
    share.add_argument("--guest-uploads", type=int, nargs="?", const=DEFAULT_GUEST_LIMIT,
                       metavar="MOST",
                       help="the page lets guests add photos to the album, at most MOST in all "
                       f"(default {DEFAULT_GUEST_LIMIT}); `album guests LINK_ID off` stops it")
    links = action("links", "the album's links that are not turned off")
    links.add_argument("album", metavar="ALBUM")
    links.add_argument("--json", action="store_true", help="one JSON object per link")
    action("unshare", "turn links off at once (by the id `album links` shows)").add_argument(
        "share_ids", nargs="+", metavar="LINK_ID")
    guests = action("guests", "let guests add photos through a link, or stop them")
    guests.add_argument("share_id", metavar="LINK_ID")
    guests.add_argument("allowed", choices=("on", "off"))


def run(args: argparse.Namespace, connect: Callable, note: Callable[[str], None]) -> int:
    with connect(args) as api:
        try:
            return _ACTIONS[args.album_command](api, args, note)
        except (ApiError, AlbumNotNamed) as error:
            note(str(error))
            return 1


def find(api: ApiClient, wanted: str) -> Album:
    """The album whose id or exact name is `wanted`."""
    albums = api.list_albums()
    by_id = [album for album in albums if album.id == wanted]
    named = by_id or [album for album in albums if album.name == wanted]
    if len(named) == 1:
        return named[0]
    if not named:
        raise AlbumNotNamed(f"There is no album “{wanted}”; `thumbdrop-cli album list` shows "
                            "them.")
    ids = ", ".join(album.id for album in named)
    raise AlbumNotNamed(f"{len(named)} albums are named “{wanted}” ({ids}); name one by its id.")


def _line(album: Album) -> str:
    photos = f"{album.count} photo{'' if album.count == 1 else 's'}"
    return f"{album.id}  {photos:>12}  {album.name}"


def _list(api: ApiClient, args, note) -> int:
    albums = api.list_albums()
    for album in albums:
        print(json.dumps({"id": album.id, "name": album.name, "count": album.count,
                          "created_at": album.created_at, "cover_id": album.cover_id})
              if args.json else _line(album), flush=True)
    note(f"{len(albums)} album{'' if len(albums) == 1 else 's'}.")
    return 0


def _create(api: ApiClient, args, note) -> int:
    print(_line(api.create_album(args.name)), flush=True)
    return 0


def _rename(api: ApiClient, args, note) -> int:
    print(_line(api.change_album(find(api, args.album).id, name=args.name)), flush=True)
    return 0


def _delete(api: ApiClient, args, note) -> int:
    failed = 0
    for wanted in args.albums:
        try:
            album = find(api, wanted)
            api.delete_album(album.id)
        except (ApiError, AlbumNotNamed) as error:
            failed += 1
            note(str(error))
        else:
            print(f"deleted   {album.id}  {album.name}", flush=True)
    return 1 if failed else 0


def _add(api: ApiClient, args, note) -> int:
    album = find(api, args.album)
    missing = []
    for start in range(0, len(args.ids), PAGE):
        answer = api.add_to_album(album.id, args.ids[start:start + PAGE])
        for image_id in answer.added:
            print(f"added     {image_id}", flush=True)
        missing += answer.missing
    for image_id in missing:
        note(f"There is no photo with id {image_id}; it may have been deleted.")
    return 1 if missing else 0


def _remove(api: ApiClient, args, note) -> int:
    album = find(api, args.album)
    for start in range(0, len(args.ids), PAGE):
        chunk = args.ids[start:start + PAGE]
        api.remove_from_album(album.id, chunk)
        for image_id in chunk:
            print(f"removed   {image_id}", flush=True)
    return 0


def _share(api: ApiClient, args, note) -> int:
    album = find(api, args.album)
    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else None
    if args.password_stdin and not password:
        note("No password came on stdin; send one line, or leave out --password-stdin.")
        return 1
    last_day = None if args.never_expires else (args.expires or date.today() + timedelta(
        days=DEFAULT_DAYS))
    share = api.create_share(album.id, ShareOptions(
        expires_at=end_of_day(last_day) if last_day else None, password=password,
        show_names=args.names, show_dates=args.dates, allow_originals=args.originals,
        allow_uploads=args.guest_uploads is not None,
        upload_limit=args.guest_uploads or DEFAULT_GUEST_LIMIT))
    print(share.url, flush=True)
    note(_link_line(share))
    return 0


def _link_line(share: Share) -> str:
    until = ("expired" if share.expired else f"until {share.expires_at}" if share.expires_at
             else "never expires")
    shows = [word for shown, word in ((share.has_password, "password"), (share.show_names,
             "names"), (share.show_dates, "dates"), (share.allow_originals, "originals"))
             if shown]
    if share.allow_uploads:
        shows.append(f"guests add photos: {share.uploads_used} of {share.upload_limit}")
    return f"{share.id}  {until}" + (f"  ({', '.join(shows)})" if shows else "")


def _links(api: ApiClient, args, note) -> int:
    album = find(api, args.album)
    shares = api.album_shares(album.id)
    for share in shares:
        print(json.dumps({"id": share.id, "url": share.url, "expires_at": share.expires_at,
                          "expired": share.expired, "has_password": share.has_password,
                          "allow_uploads": share.allow_uploads,
                          "uploads_used": share.uploads_used,
                          "upload_limit": share.upload_limit})
              if args.json else f"{_link_line(share)}  {share.url}", flush=True)
    note(f"{len(shares)} link{'' if len(shares) == 1 else 's'} to “{album.name}”.")
    return 0


def _unshare(api: ApiClient, args, note) -> int:
    failed = 0
    for share_id in args.share_ids:
        try:
            api.revoke_share(share_id)
        except (ApiError, ValueError) as error:
            failed += 1
            note(str(error) if isinstance(error, ApiError) else
                 f"{share_id!r} is not a link id; `album links ALBUM` lists them.")
        else:
            print(f"turned off  {share_id}", flush=True)
    return 1 if failed else 0


def _guests(api: ApiClient, args, note) -> int:
    try:
        share = api.set_guest_uploads(args.share_id, args.allowed == "on")
    except ValueError:
        note(f"{args.share_id!r} is not a link id; `album links ALBUM` lists them.")
        return 1
    print(_link_line(share), flush=True)
    note("Guests can add photos through this link." if share.allow_uploads else
         "Guests can no longer add photos through this link; what they sent stays.")
    return 0


def _show(api: ApiClient, args, note) -> int:
    album = find(api, args.album)
    shown, cursor = 0, None
    while True:
        images, cursor = api.album_images(album.id, limit=PAGE, cursor=cursor)
        for image in images:
            shown += 1
            print(json.dumps({"id": image.id, "filename": image.filename,
                              "created_at": image.created_at})
                  if args.json else f"{image.id}  {image.created_at}  {image.filename}",
                  flush=True)
        if not cursor:
            break
    note(f"{shown} photo{'' if shown == 1 else 's'} in “{album.name}”.")
    return 0


_ACTIONS = {"list": _list, "create": _create, "rename": _rename, "delete": _delete,
            "add": _add, "remove": _remove, "show": _show, "share": _share, "links": _links,
            "unshare": _unshare, "guests": _guests}
