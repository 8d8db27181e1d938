"""`thumbdrop-cli album …` as a person runs it: a real process against the real local
backend."""

from __future__ import annotations

import uuid
from contextlib import closing

from helpers import Api
from test_cli import cli_env, json_lines, run_cli
from test_engine import photo_bytes


def test_album_create_add_show_rename_remove_delete(local_backend):
    env = cli_env(local_backend)
    where = ["--endpoint", local_backend["api_url"]]
    with closing(Api(local_backend)) as api:
        photos = [api.upload(f"cli-album-{n}.jpg", "image/jpeg", photo_bytes())["id"]
                  for n in range(2)]
        for image_id in photos:
            assert api.wait_done(image_id)["status"] == "ready"
    name = f"Trip {uuid.uuid4().hex[:6]}"
    made = run_cli("album", "create", *where, name, env=env)
    assert made.returncode == 0, made.stderr
    album_id = made.stdout.split()[0]
    added = run_cli("album", "add", *where, name, *photos, env=env)
    assert added.returncode == 0, added.stderr
    assert added.stdout.split() == ["added", photos[0], "added", photos[1]]
    shown = run_cli("album", "show", *where, album_id, "--json", env=env)
    assert [item["id"] for item in json_lines(shown.stdout)] == photos[::-1]
    assert shown.stderr.splitlines()[-1] == f"2 photos in “{name}”."
    listed = run_cli("album", "list", *where, "--json", env=env)
    [mine] = [item for item in json_lines(listed.stdout) if item["id"] == album_id]
    assert (mine["name"], mine["count"], mine["cover_id"]) == (name, 2, photos[1])
    renamed = run_cli("album", "rename", *where, album_id, f"{name} (done)", env=env)
    assert renamed.returncode == 0 and renamed.stdout.rstrip().endswith(f"{name} (done)")
    removed = run_cli("album", "remove", *where, album_id, photos[1], env=env)
    assert removed.returncode == 0 and f"removed   {photos[1]}" in removed.stdout
    shown = run_cli("album", "show", *where, album_id, "--json", env=env)
    assert [item["id"] for item in json_lines(shown.stdout)] == [photos[0]]
    deleted = run_cli("album", "delete", *where, album_id, env=env)
    assert deleted.returncode == 0 and f"deleted   {album_id}" in deleted.stdout
    listed = run_cli("album", "list", *where, "--json", env=env)
    assert album_id not in [item["id"] for item in json_lines(listed.stdout)]
    gallery = run_cli("list", *where, "--json", "--filter", "cli-album-", env=env)
    assert set(photos) <= {item["id"] for item in json_lines(gallery.stdout)}  # photos stay


def test_unknown_albums_and_photos_are_sentences_and_exit_1(local_backend):
    env = cli_env(local_backend)
    where = ["--endpoint", local_backend["api_url"]]
    missing = run_cli("album", "show", *where, "No such album here", env=env)
    assert missing.returncode == 1
    assert missing.stderr.splitlines()[-1] == (
        "There is no album “No such album here”; `thumbdrop-cli album list` shows them.")
    name = f"Twice {uuid.uuid4().hex[:6]}"
    first = run_cli("album", "create", *where, name, env=env).stdout.split()[0]
    second = run_cli("album", "create", *where, name, env=env).stdout.split()[0]
    ambiguous = run_cli("album", "add", *where, name, "0" * 26, env=env)
    assert ambiguous.returncode == 1 and f"2 albums are named “{name}”" in ambiguous.stderr
    gone = run_cli("album", "add", *where, first, "0" * 26, env=env)
    assert gone.returncode == 1
    assert gone.stderr.splitlines()[-1] == (
        f"There is no photo with id {'0' * 26}; it may have been deleted.")
    run_cli("album", "delete", *where, first, second, env=env)


def test_album_share_links_and_unshare(local_backend):
    import subprocess
    import sys
    from datetime import date, timedelta

    import requests
    from test_cli import PROJECT_ROOT

    from desktop.client.shares import end_of_day

    env = cli_env(local_backend)
    where = ["--endpoint", local_backend["api_url"]]
    name = f"Shared {uuid.uuid4().hex[:6]}"
    assert run_cli("album", "create", *where, name, env=env).returncode == 0
    last_day = date.today() + timedelta(days=5)
    # The password comes on stdin, never as an argument (others can read arguments).
    shared = subprocess.run(
        [sys.executable, "-m", "desktop.cli", "album", "share", *where, name, "--names",
         "--expires", last_day.isoformat(), "--password-stdin"],
        input="hunter2\n", capture_output=True, text=True, timeout=300, env=env,
        cwd=PROJECT_ROOT, check=False)
    assert shared.returncode == 0, shared.stderr
    url = shared.stdout.strip()
    assert "/s/" in url and "(password, names)" in shared.stderr
    assert requests.post(url + "/photos", json={"password": "hunter2"}, timeout=30).status_code == 200
    assert requests.post(url + "/photos", json={}, timeout=30).status_code == 401

    links = run_cli("album", "links", *where, name, "--json", env=env)
    [link] = json_lines(links.stdout)
    assert link["url"] == url and link["has_password"] and not link["expired"]
    assert link["expires_at"] == end_of_day(last_day)  # the end of that day here, in UTC
    off = run_cli("album", "unshare", *where, link["id"], env=env)
    assert off.returncode == 0 and off.stdout.split() == ["turned", "off", link["id"]]
    assert requests.get(url, timeout=30).status_code == 410
    assert json_lines(run_cli("album", "links", *where, name, "--json", env=env).stdout) == []
    bad = run_cli("album", "unshare", *where, "../x", env=env)
    assert bad.returncode == 1 and "not a link id" in bad.stderr


def test_album_share_with_guest_uploads_and_turning_them_off(local_backend):
    import requests

    env = cli_env(local_backend)
    where = ["--endpoint", local_backend["api_url"]]
    name = f"Party {uuid.uuid4().hex[:6]}"
    assert run_cli("album", "create", *where, name, env=env).returncode == 0
    shared = run_cli("album", "share", *where, name, "--guest-uploads", "7", env=env)
    assert shared.returncode == 0, shared.stderr
    url = shared.stdout.strip()
    assert "guests add photos: 0 of 7" in shared.stderr
    assert requests.post(url + "/photos", json={}, timeout=30).json()["uploads"] is not None
    [link] = json_lines(run_cli("album", "links", *where, name, "--json", env=env).stdout)
    assert link["allow_uploads"] and link["upload_limit"] == 7 and link["uploads_used"] == 0

    off = run_cli("album", "guests", *where, link["id"], "off", env=env)
    assert off.returncode == 0 and "no longer add photos" in off.stderr
    assert requests.post(url + "/photos", json={}, timeout=30).json()["uploads"] is None
    on = run_cli("album", "guests", *where, link["id"], "on", env=env)
    assert on.returncode == 0 and "guests add photos: 0 of 7" in on.stdout
    bad = run_cli("album", "guests", *where, "nope-1", "off", env=env)
    assert bad.returncode == 1 and "not a link id" in bad.stderr
