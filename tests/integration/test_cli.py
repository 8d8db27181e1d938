"""thumbdrop-cli as a person runs it: a real process against the real local backend, SIGKILLed
mid-batch and run again, through FaultProxy where the network has to misbehave."""

from __future__ import annotations

import json
import selectors
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from fault_proxy import FaultProxy, Rule, storage_put
from helpers import PROJECT_ROOT, BackendProcess, child_environment, wait_until
from test_engine import big_tiff, photo_bytes, sha256_file

from backend.local.instance import running
from desktop.client.api import ApiClient


def cli_env(backend: dict, proxy: FaultProxy | None = None) -> dict[str, str]:
    env = child_environment()
    env["THUMBDROP_TOKEN"] = backend["token"]
    for name in ("NO_PROXY", "no_proxy", "HTTP_PROXY", "http_proxy"):
        env.pop(name, None)
    if proxy is not None:
        env["HTTP_PROXY"] = proxy.url  # requests sends API and storage calls through it
    return env


def run_cli(*args, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, env=env,
                          cwd=PROJECT_ROOT, check=False)


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


class Folder(type(Path())):
    prefix: str


@pytest.fixture
def folder(tmp_path):
    """A folder of photos with a name prefix of this test's own."""
    path = Folder(tmp_path / "shoot")
    path.prefix = f"c{uuid.uuid4().hex[:10]}-"
    (path / "day2").mkdir(parents=True)
    return path


def add_photos(folder: Folder, count: int, sub: str = "") -> list[Path]:
    paths = []
    for n in range(count):
        path = folder / sub / f"{folder.prefix}{sub}{n:02d}.jpg"
        path.write_bytes(photo_bytes((300 + n, 200)))
        paths.append(path)
    return paths


def gallery_counts(backend: dict, prefix: str) -> dict[str, int]:
    api = ApiClient(backend["api_url"], backend["token"])
    try:
        counts, cursor = {}, None
        while True:
            images, cursor = api.list_images(limit=100, cursor=cursor, query=prefix)
            for image in images:
                counts[image.filename] = counts.get(image.filename, 0) + 1
            if not cursor:
                return counts
    finally:
        api.close()


@pytest.fixture
def proxy():
    made = FaultProxy()
    yield made
    made.close()


def test_upload_reports_each_file_and_a_second_run_uploads_nothing(folder, tmp_path,
                                                                   local_backend):
    photos = add_photos(folder, 3) + add_photos(folder, 2, "day2")
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (folder / "notes.txt").write_text("shot list")
    env = cli_env(local_backend)
    args = ["upload", "--endpoint", local_backend["api_url"], "--queue",
            tmp_path / "queue.sqlite3", "--json", "--concurrency", "2", folder]
    first = run_cli(*args, env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    lines = json_lines(first.stdout)
    assert sorted(line["path"] for line in lines) == sorted(map(str, photos))
    assert {line["status"] for line in lines} == {"ready"}
    by_path = {line["path"]: line for line in lines}
    for photo in photos:
        line = by_path[str(photo)]
        assert line["bytes_sent"] == photo.stat().st_size
        assert line["error"] is None and line["id"] and line["seconds"] > 0
    assert "notes.txt" in first.stderr and ".DS_Store" not in first.stdout + first.stderr
    # The summary counts the file it said it skipped (found in the folder: not a failure).
    assert first.stderr.splitlines()[-1] == (
        "5 ready, 0 already in the gallery, 0 failed, 1 skipped.")
    assert local_backend["token"] not in first.stdout + first.stderr
    again = run_cli(*args, env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    repeat = json_lines(again.stdout)
    # Uploaded by the first run: already in the gallery, not "ready" again.
    assert {line["status"] for line in repeat} == {"duplicate"}
    assert sum(line["bytes_sent"] for line in repeat) == 0  # uploads nothing
    assert again.stderr.splitlines()[-1] == (
        "0 ready, 5 already in the gallery, 0 failed, 1 skipped.")
    # A fresh queue (another machine, say): the server knows the bytes.
    elsewhere = run_cli(*args[:3], "--queue", tmp_path / "other.sqlite3", *args[5:], env=env)
    assert elsewhere.returncode == 0
    assert {line["status"] for line in json_lines(elsewhere.stdout)} == {"duplicate"}
    assert gallery_counts(local_backend, folder.prefix) == {p.name: 1 for p in photos}


def test_text_output_and_failures_give_exit_1_with_sentences(tmp_path, local_backend):
    notes = tmp_path / "notes.jpg"
    notes.write_text("not a picture")
    ok = tmp_path / "ok.jpg"
    ok.write_bytes(photo_bytes())
    env = cli_env(local_backend)
    result = run_cli("upload", "--endpoint", local_backend["api_url"], "--token", "wrong-token",
                     "--queue", tmp_path / "q.sqlite3", notes, ok, env=env)
    assert result.returncode == 1
    assert f"skipped   {notes}: Not an image (a text file)." in result.stdout
    assert (f"failed    ok.jpg: The API at {local_backend['api_url']} refused the token (401). "
            "Use the token of the backend you connect to") in result.stdout
    assert result.stdout.splitlines()[-1] == (
        "0 ready, 0 already in the gallery, 1 failed, 1 skipped.")
    assert "wrong-token" not in result.stdout + result.stderr


def test_endpoint_without_a_token_is_a_usage_error(tmp_path):
    env = child_environment()
    env.pop("THUMBDROP_TOKEN", None)
    result = run_cli("upload", "--endpoint", "http://127.0.0.1:9", tmp_path, env=env)
    assert result.returncode == 2
    assert "needs a token" in result.stderr


def test_killed_mid_batch_and_run_again_every_file_is_in_the_gallery_once(folder, tmp_path,
                                                                          local_backend, proxy):
    photos = add_photos(folder, 12)
    # One upload hangs (the storage stalls after taking its body): the kill finds the batch
    # with files done, one in flight and others still queued.
    proxy.add(Rule(storage_put, "stall", times=1))
    args = ["upload", "--endpoint", local_backend["api_url"], "--queue",
            tmp_path / "queue.sqlite3", "--json", "--concurrency", "2", folder]
    process = subprocess.Popen([sys.executable, "-m", "desktop.cli", *map(str, args)],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env=cli_env(local_backend, proxy), cwd=PROJECT_ROOT)
    finished = read_lines_until(process, 5)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert len(finished) < len(photos)
    again = run_cli(*args, env=cli_env(local_backend, proxy))
    assert again.returncode == 0, again.stdout + again.stderr
    statuses = {line["path"]: line["status"] for line in json_lines(again.stdout)}
    assert sorted(statuses) == sorted(map(str, photos))
    # What the killed run finished is already in the gallery now; the rest is uploaded (a
    # file done just before the kill, unreported, is already there too).
    assert {statuses[line["path"]] for line in finished} == {"duplicate"}
    assert set(statuses.values()) == {"ready", "duplicate"}
    assert gallery_counts(local_backend, folder.prefix) == {p.name: 1 for p in photos}


def test_a_big_file_killed_mid_part_resends_at_most_the_parts_in_flight(tmp_path, local_backend,
                                                                        proxy):
    big = big_tiff(tmp_path / f"k{uuid.uuid4().hex[:10]}-big.tif")
    hang = Rule(lambda m, url: m == "PUT" and "partNumber=4&" in url + "&", "stall", times=1)
    proxy.add(hang)
    args = ["upload", "--endpoint", local_backend["api_url"], "--queue",
            tmp_path / "queue.sqlite3", "--json", "--concurrency", "2", big]
    env = cli_env(local_backend, proxy)
    process = subprocess.Popen([sys.executable, "-m", "desktop.cli", *map(str, args)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                               cwd=PROJECT_ROOT)
    try:
        wait_until(lambda: hang.times == 0, timeout=120, what="part 4 to be on its way")
        time.sleep(0.2)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    again = run_cli(*args, env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    [line] = json_lines(again.stdout)
    assert line["status"] == "ready"
    part_bytes = 8 * 1024 * 1024  # the server's default part size (GET /config)
    resent = proxy.body_bytes(storage_put) - big.stat().st_size
    assert 0 < resent <= 2 * part_bytes  # the parts in flight at the kill, nothing more
    assert line["bytes_sent"] < big.stat().st_size  # the second run sent only the rest


def test_list_download_and_delete(tmp_path, local_backend):
    prefix = f"d{uuid.uuid4().hex[:10]}-"
    photo = tmp_path / f"{prefix}photo.jpg"
    photo.write_bytes(photo_bytes())
    others = [tmp_path / f"{prefix.upper()}other{n}.jpg" for n in range(2)]
    unrelated = tmp_path / f"u{uuid.uuid4().hex[:10]}.jpg"  # in the gallery, not filtered in
    for n, other in enumerate([*others, unrelated]):
        other.write_bytes(photo_bytes((320 + n, 200)))
    env = cli_env(local_backend)
    where = ["--endpoint", local_backend["api_url"]]
    uploaded = run_cli("upload", *where, "--queue", tmp_path / "q.sqlite3", "--json", photo,
                       *others, unrelated, env=env)
    [line] = [line for line in json_lines(uploaded.stdout) if line["path"] == str(photo)]
    image_id = line["id"]
    listed = run_cli("list", *where, "--json", "--filter", prefix, env=env)
    assert listed.returncode == 0
    items = json_lines(listed.stdout)
    assert len(items) == 3 and any(item["id"] == image_id and item["filename"] == photo.name
                                   for item in items)
    assert listed.stderr.splitlines()[-1] == f"3 images named like “{prefix}”."
    limited = run_cli("list", *where, "--filter", prefix, "--limit", "2", env=env)
    assert limited.returncode == 0 and len(limited.stdout.splitlines()) == 2
    assert limited.stderr.splitlines()[-1] == (
        f"2 images named like “{prefix}” shown; there are more (raise --limit to see them).")
    out = tmp_path / "out"
    out.mkdir()
    saved = run_cli("download", *where, image_id, out, env=env)
    assert saved.returncode == 0, saved.stdout + saved.stderr
    assert sha256_file(out / photo.name) == sha256_file(photo)
    thumb = run_cli("download", *where, "--thumbnail", image_id, out, env=env)
    assert thumb.returncode == 0, thumb.stdout + thumb.stderr
    assert (out / f"{photo.stem}-thumbnail.webp").read_bytes()[8:12] == b"WEBP"
    deleted = run_cli("delete", *where, image_id, env=env)
    assert deleted.returncode == 0 and f"deleted   {image_id}" in deleted.stdout
    missing = run_cli("download", *where, image_id, out, env=env)
    assert missing.returncode == 1 and missing.stdout.startswith(f"failed    {image_id}: ")


def test_local_mode_starts_its_own_backend(tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(photo_bytes())
    env = child_environment()
    result = run_cli("upload", "--local", "--data-dir", tmp_path / "data", "--queue",
                     tmp_path / "q.sqlite3", photo, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Started the built-in local backend at http://127.0.0.1:" in result.stderr
    assert result.stdout.splitlines()[-1] == (
        "1 ready, 0 already in the gallery, 0 failed, 0 skipped.")



def test_local_mode_attaches_to_a_running_backend_and_leaves_it_running(tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(photo_bytes())
    backend = BackendProcess(tmp_path / "data")
    info = backend.start()
    try:
        result = run_cli("upload", "--local", "--data-dir", tmp_path / "data", "--queue",
                         tmp_path / "q.sqlite3", photo, env=child_environment())
        assert result.returncode == 0, result.stdout + result.stderr
        assert (f"Using the built-in local backend already running at {info['api_url']}"
                in result.stderr)
        assert backend.process.poll() is None  # the CLI did not stop what it did not start
        assert running(tmp_path / "data")["pid"] == info["pid"]
    finally:
        assert backend.stop() == 0


def test_local_mode_stops_the_backend_it_started(tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(photo_bytes())
    result = run_cli("upload", "--local", "--data-dir", tmp_path / "data", "--queue",
                     tmp_path / "q.sqlite3", photo, env=child_environment())
    assert result.returncode == 0, result.stdout + result.stderr
    assert running(tmp_path / "data") is None
    assert not (tmp_path / "data" / "weed" / "weed.pid").exists()

def read_lines_until(process: subprocess.Popen, count: int, timeout: float = 120) -> list[dict]:
    """JSON lines the process prints, until `count` arrived (or it ended)."""
    lines: list[dict] = []
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while len(lines) < count and time.monotonic() < deadline:
            if not selector.select(1):
                continue
            text = process.stdout.readline()
            if not text:
                break
            if text.startswith("{"):
                lines.append(json.loads(text))
    assert len(lines) >= count, f"only {len(lines)} files finished before the kill"
    return lines


def test_one_queue_pointed_at_two_galleries_in_turn_completes_each(folder, tmp_path,
                                                                   local_backend, public_backend):
    # Finished rows belong to the gallery they went to (GET /config gallery_id): the same
    # folder sent with the same queue to another backend is uploaded there, and back at the
    # first one it is truthfully "already in the gallery".
    photos = add_photos(folder, 3) + add_photos(folder, 2, "day2")
    queue_file = tmp_path / "queue.sqlite3"

    def upload_to(backend: dict) -> subprocess.CompletedProcess:
        done = run_cli("upload", "--endpoint", backend["api_url"], "--queue", queue_file,
                       "--json", folder, env=cli_env(backend))
        assert done.returncode == 0, done.stdout + done.stderr
        return done

    first = upload_to(local_backend)
    assert {line["status"] for line in json_lines(first.stdout)} == {"ready"}, first.stdout
    refused = run_cli("upload", "--endpoint", public_backend["api_url"], "--token", "wrong",
                      "--queue", queue_file, "--json", folder, env=cli_env(public_backend))
    told = refused.stdout + refused.stderr
    assert refused.returncode == 1, told  # a gallery that won't say who it is vouches for nothing
    assert {line["status"] for line in json_lines(refused.stdout)} == {"failed"}, told
    assert all("refused the token" in line["error"] for line in json_lines(refused.stdout))
    second = upload_to(public_backend)
    lines = json_lines(second.stdout)
    told = second.stdout + second.stderr
    assert sorted(line["path"] for line in lines) == sorted(map(str, photos)), told
    assert {line["status"] for line in lines} == {"ready"}, told
    assert "5 ready, 0 already in the gallery, 0 failed" in second.stderr, told
    assert {line["id"] for line in lines}.isdisjoint(
        line["id"] for line in json_lines(first.stdout)), told
    back = upload_to(local_backend)
    told = back.stdout + back.stderr
    assert {line["status"] for line in json_lines(back.stdout)} == {"duplicate"}, told
    assert sum(line["bytes_sent"] for line in json_lines(back.stdout)) == 0, told
    for backend in (local_backend, public_backend):
        assert gallery_counts(backend, folder.prefix) == {p.name: 1 for p in photos}
