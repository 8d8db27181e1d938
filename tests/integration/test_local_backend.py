"""The local backend end to end: `thumbdrop-backend` as a process (SeaweedFS + our handlers),
spoken to over real HTTP.

Presign, PUT with exactly the listed headers, wait for the resize, download the renditions;
plus failures, auth, secrets and permissions, restarts, one backend per data dir, clean
shutdown, and what happens when SeaweedFS itself dies.
"""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from helpers import (
    PROJECT_ROOT,
    Api,
    BackendProcess,
    child_environment,
    process_exists,
    sha256_b64,
    wait_until,
)
from PIL import Image, ImageDraw
from PIL.ExifTags import GPS, IFD, Base

from backend.common import ids

RED, BLUE = (255, 0, 0), (0, 0, 255)
UPLOAD_BUCKET, OUTPUT_BUCKET = "thumbdrop-upload", "thumbdrop-output"


def rotated_photo() -> bytes:
    """A 2400x1600 JPEG whose EXIF says 'rotate 90° clockwise', with a red top-left quarter
    (so upright, it is 1600x2400 with red top-right), and a camera make and GPS to strip."""
    image = Image.new("RGB", (2400, 1600), BLUE)
    ImageDraw.Draw(image).rectangle((0, 0, 1199, 799), fill=RED)
    exif = Image.Exif()
    exif[Base.Orientation] = 6
    exif[Base.Make] = "TestCam"
    gps = exif.get_ifd(IFD.GPSInfo)
    gps[GPS.GPSLatitudeRef] = "N"
    gps[GPS.GPSLatitude] = (52.0, 22.0, 1.5)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def small_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (0, 128, 0)).save(out, "PNG")
    return out.getvalue()


def near(pixel, colour, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour))


def download(url: str) -> bytes:
    response = requests.get(url, timeout=30)
    assert response.status_code == 200, response.text
    return response.content


def weed_ports(weed_pid: int) -> dict[str, int]:
    """The ports on weed's command line, e.g. {"filer.port": 4711, ...}."""
    args = Path(f"/proc/{weed_pid}/cmdline").read_bytes().split(b"\0")
    ports = {}
    for arg in args:
        name, _, value = arg.decode().lstrip("-").partition("=")
        if name.endswith((".port", ".port.grpc")) and value.isdigit():
            ports[name] = int(value)
    return ports


def accepts(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=2).close()
        return True
    except OSError:
        return False


def test_ready_line_names_api_s3_token_data_dir_and_pid(backend):
    info = backend.info
    assert set(info) == {"api_url", "token", "s3_endpoint", "data_dir", "pid"}
    assert info["api_url"].startswith("http://127.0.0.1:")
    assert info["s3_endpoint"].startswith("http://127.0.0.1:")
    assert info["data_dir"] == str(backend.data_dir)
    assert info["pid"] == backend.process.pid
    assert (backend.data_dir / "token").read_text().strip() == info["token"]
    published = json.loads((backend.data_dir / "backend.json").read_text())
    assert published == {"pid": info["pid"], "api_url": info["api_url"],
                         "s3_endpoint": info["s3_endpoint"]}


def test_secrets_stay_in_private_files_and_out_of_the_logs(backend, api):
    api.upload("logged.png", "image/png", small_png())  # so the logs have seen some traffic
    keys = json.loads((backend.data_dir / "s3.json").read_text())["identities"][0]
    secret = keys["credentials"][0]["secretKey"]
    logs = backend.log_tail(100_000)
    for path in (backend.data_dir / "weed" / "log").iterdir():
        logs += path.read_text(errors="replace")
    for value in (backend.info["token"], secret):
        assert value not in logs
    # Every folder is 0700, so nothing inside is anyone else's to read; every file is 0600
    # too, except volume descriptions (.vif) that weed itself chmods 0644 inside them.
    for root, dirs, files in os.walk(backend.data_dir):
        for name in dirs:
            assert stat.S_IMODE(os.stat(os.path.join(root, name)).st_mode) == 0o700, name
        for name in files:
            mode = os.lstat(os.path.join(root, name)).st_mode
            if stat.S_ISREG(mode) and not name.endswith(".vif"):
                assert stat.S_IMODE(mode) == 0o600, os.path.join(root, name)


def test_photo_becomes_upright_stripped_webp_renditions(api):
    photo = rotated_photo()
    ticket = api.upload("holiday photo.jpg", "image/jpeg", photo)
    assert ticket["status_url"] == f"{api.base}/images/{ticket['id']}"

    image = api.wait_done(ticket["id"])
    assert image["status"] == "ready", image
    assert (image["width"], image["height"]) == (1600, 2400)  # after EXIF orientation
    assert image["filename"] == "holiday photo.jpg"
    assert image["bytes"] == len(photo)

    thumbnail = Image.open(io.BytesIO(download(image["thumbnail_url"])))
    assert (thumbnail.format, thumbnail.size) == ("WEBP", (256, 256))

    large = Image.open(io.BytesIO(download(image["large_url"])))
    assert large.format == "WEBP"
    assert large.height == 1600 and large.width in (1066, 1067)  # fit in 1600x1600
    large = large.convert("RGB")
    assert near(large.getpixel((large.width - 20, 20)), RED)  # upright: red at top right
    assert near(large.getpixel((20, 20)), BLUE)
    for rendition in (thumbnail, large):
        assert not rendition.getexif()
        assert not {"exif", "xmp", "icc_profile"} & set(rendition.info)


def test_text_file_named_jpg_fails_with_a_reason(api):
    ticket = api.upload("notes.jpg", "image/jpeg", b"Shopping list: eggs, milk.\n" * 20)
    image = api.wait_done(ticket["id"])
    assert image["status"] == "failed"
    assert isinstance(image["error"], str) and len(image["error"]) > 10
    assert ticket["id"] not in api.gallery_ids()


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", "Basic abc"])
def test_requests_without_the_token_are_refused(backend, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    base = backend.info["api_url"]
    for method, path in [("POST", "/uploads"), ("GET", "/images"),
                         ("GET", f"/images/{ids.new_id()}")]:
        response = requests.request(method, base + path, headers=headers, timeout=30,
                                    json={"filename": "a.jpg", "content_type": "image/jpeg",
                                          "size": 10, "sha256": sha256_b64(b"x")})
        assert response.status_code == 401, (method, path)
        assert response.json()["error"] == "unauthorized"


def test_absolute_urls_come_from_the_backend_not_the_host_header(api):
    data = small_png()
    response = api.session.post(f"{api.base}/uploads", headers={"Host": "evil.example"}, json={
        "filename": "h.png", "content_type": "image/png", "size": len(data),
        "sha256": sha256_b64(data), "allow_duplicates": True}, timeout=30)
    assert response.status_code == 201, response.text
    assert response.json()["status_url"].startswith(api.base + "/images/")


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_an_every_address_host_is_refused_with_a_sentence(host, capsys):
    from backend.local.__main__ import main
    with pytest.raises(SystemExit) as exit_info:
        main(["--host", host])
    assert exit_info.value.code == 2
    assert "give the one address clients will use" in capsys.readouterr().err


def test_only_s3_and_the_api_listen_on_the_given_host(tmp_path):
    # 127.0.0.2 stands in for a LAN address: a second address of this machine.
    process = BackendProcess(tmp_path / "data", "--host", "127.0.0.2")
    info = process.start()
    try:
        assert info["api_url"].startswith("http://127.0.0.2:")
        assert info["s3_endpoint"].startswith("http://127.0.0.2:")
        ports = weed_ports(process.weed_pid())
        assert set(ports) == {"master.port", "master.port.grpc", "volume.port",
                              "volume.port.grpc", "filer.port", "filer.port.grpc",
                              "s3.port", "s3.port.grpc"}  # iceberg, lance, admin: off
        # weed's own ports, the S3 gateway's included, stay on loopback; the LAN reaches S3
        # through the backend's S3 front (weed binds S3's gRPC service beside S3).
        for name, port in ports.items():
            assert accepts("127.0.0.1", port) and not accepts("127.0.0.2", port), name
        front_port = int(info["s3_endpoint"].rsplit(":", 1)[1])
        assert front_port not in ports.values()
        api = Api(info)
        ticket = api.upload("lan.png", "image/png", small_png())
        assert ticket["upload"]["url"].startswith(info["s3_endpoint"])
        assert api.wait_done(ticket["id"])["status"] == "ready"
        api.close()
    finally:
        assert process.stop() == 0, process.log_tail()


def test_oversized_request_body_is_refused_before_the_handler(backend):
    response = requests.post(f"{backend.info['api_url']}/uploads", data=b"x" * (2 << 20),
                             headers={"Authorization": f"Bearer {backend.info['token']}"},
                             timeout=30)
    assert response.status_code == 413


def test_a_second_backend_on_the_same_data_dir_refuses_with_a_sentence(backend):
    second = subprocess.run(
        [sys.executable, "-m", "backend.local", "--data-dir", str(backend.data_dir)],
        capture_output=True, text=True, timeout=60, cwd=PROJECT_ROOT, env=child_environment(),
        check=False)
    assert second.returncode == 4
    assert second.stdout == ""
    assert f"process {backend.info['pid']}" in second.stderr
    assert str(backend.data_dir) in second.stderr and "Traceback" not in second.stderr
    # ...and the first one is untouched.
    assert json.loads((backend.data_dir / "backend.json").read_text())["pid"] == \
        backend.info["pid"]


def test_a_second_start_the_way_the_app_starts_it_exits_4_with_the_sentence(backend,
                                                                           tmp_path):
    """As the app and the CLI start it: stdin a pipe that stays open, --exit-with-stdin. The
    "already running" exit must not abort on the stdin reader at interpreter shutdown."""
    with open(tmp_path / "stderr", "wb") as stderr:
        second = subprocess.Popen(
            [sys.executable, "-m", "backend.local", "--data-dir", str(backend.data_dir),
             "--exit-with-stdin"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
            stderr=stderr, cwd=PROJECT_ROOT, env=child_environment())
    try:
        code = second.wait(60)  # stdin stays open until it has exited
    finally:
        second.kill()
        second.stdin.close()
    said = (tmp_path / "stderr").read_text()
    assert code == 4, said
    assert "Fatal Python error" not in said
    assert f"process {backend.info['pid']}" in said


def test_running_finds_the_backend_of_a_data_dir(backend, tmp_path):
    from backend.local.instance import running
    info = running(backend.data_dir)
    assert info == {**{k: backend.info[k] for k in ("pid", "api_url", "s3_endpoint")},
                    "token": backend.info["token"], "data_dir": str(backend.data_dir)}
    assert running(tmp_path / "nothing-here") is None


def test_restart_keeps_gallery_and_renditions_and_deletes_stay_deleted(tmp_path):
    first = BackendProcess(tmp_path / "data")
    info = first.start()
    api = Api(info)
    original = small_png()
    ticket = api.upload("kept photo.png", "image/png", original)
    image = api.wait_done(ticket["id"])
    assert image["status"] == "ready"
    thumbnail, large = download(image["thumbnail_url"]), download(image["large_url"])
    gallery_id = api.session.get(f"{api.base}/config", timeout=30).json()["gallery_id"]
    gone = api.upload("deleted photo.png", "image/png", small_png())
    assert api.wait_done(gone["id"])["status"] == "ready"
    assert api.delete(gone["id"]) == 204
    api.close()
    assert first.stop() == 0
    assert first.trailing_stdout == b""  # stdout carried exactly one line
    assert not (tmp_path / "data" / "backend.json").exists()

    second = BackendProcess(tmp_path / "data")
    info_again = second.start()
    try:
        assert info_again["token"] == info["token"]  # kept in the data dir
        api = Api(info_again)
        # The same gallery to clients (their finished queue rows stay its), whatever the port.
        assert api.session.get(f"{api.base}/config", timeout=30).json()["gallery_id"] == \
            gallery_id
        assert api.gallery_ids() == [ticket["id"]]
        image = api.image(ticket["id"])
        assert image["status"] == "ready" and image["filename"] == "kept photo.png"
        assert download(image["thumbnail_url"]) == thumbnail
        assert download(image["large_url"]) == large
        assert api.session.get(f"{api.base}/images/{gone['id']}", timeout=30).status_code == 404
        s3 = second.s3()
        saved = s3.get_object(Bucket=UPLOAD_BUCKET, Key=ticket["key"])
        assert saved["Body"].read() == original
        assert saved["ContentType"] == "image/png"
        assert saved["Metadata"]["filename"] == "kept%20photo.png"
        s3.close()
        api.close()
    finally:
        assert second.stop() == 0


def test_sigterm_stops_weed_and_leaves_nothing_running(tmp_path):
    process = BackendProcess(tmp_path / "data")
    process.start()
    weed = process.weed_pid()
    assert process_exists(weed)
    assert process.stop() == 0
    assert not process_exists(weed)
    assert not (tmp_path / "data" / "weed" / "weed.pid").exists()
    assert "Traceback" not in process.log_tail(10_000)


def test_a_sigkilled_backend_takes_weed_along_and_starts_again(tmp_path):
    first = BackendProcess(tmp_path / "data")
    first.start()
    weed = first.weed_pid()
    first.kill()
    wait_until(lambda: not process_exists(weed), timeout=30, what="weed to die with its parent")
    second = BackendProcess(tmp_path / "data")
    api = Api(second.start())
    try:
        ticket = api.upload("after a crash.png", "image/png", small_png())
        assert api.wait_done(ticket["id"])["status"] == "ready"
    finally:
        api.close()
        assert second.stop() == 0


def test_weed_dying_under_the_backend_is_restarted_and_work_goes_on(tmp_path):
    process = BackendProcess(tmp_path / "data")
    api = Api(process.start())
    try:
        before = api.upload("before.png", "image/png", small_png())
        assert api.wait_done(before["id"])["status"] == "ready"
        old_weed = process.weed_pid()
        os.kill(old_weed, signal.SIGKILL)
        wait_until(lambda: process.weed_pid() != old_weed and
                   "SeaweedFS is back" in process.log_tail(10_000), timeout=60,
                   what="the backend to restart weed")
        after = api.upload("after.png", "image/png", small_png())
        assert api.wait_done(after["id"])["status"] == "ready"
        assert api.image(before["id"])["status"] == "ready"
    finally:
        api.close()
        assert process.stop() == 0, process.log_tail()


def test_the_old_built_in_backends_gallery_is_imported_once(tmp_path, monkeypatch):
    """The app's moto-based backend kept originals in <user data>/local-backend; the new
    default data dir takes them over on its first start and resizes them again."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    old = tmp_path / "xdg" / "thumbdrop" / "local-backend"
    image_id = ids.new_id()
    original = old / "s3" / UPLOAD_BUCKET / "input" / f"{image_id}.png"
    original.parent.mkdir(parents=True)
    original.write_bytes(small_png())
    sidecar = old / "s3-sidecars" / UPLOAD_BUCKET / "input" / f"{image_id}.png.json"
    sidecar.parent.mkdir(parents=True)
    sidecar.write_text(json.dumps({"content_type": "image/png",
                                   "metadata": {"filename": "from%20before.png"}}))
    default_dir = tmp_path / "xdg" / "thumbdrop" / "backend"  # what the app uses now

    for _start in range(2):  # the second start imports nothing again
        process = BackendProcess(default_dir)
        api = Api(process.start())
        try:
            def imported_and_done(api=api):  # the import runs in the background after start
                response = api.session.get(f"{api.base}/images/{image_id}", timeout=30)
                return response.status_code == 200 and response.json()["status"] != "pending" \
                    and response.json()

            image = wait_until(imported_and_done, timeout=120, what="the imported photo")
            assert (image["status"], image["filename"]) == ("ready", "from before.png")
            assert api.gallery_ids() == [image_id]
        finally:
            api.close()
            assert process.stop() == 0, process.log_tail()
    assert (default_dir / "imported-local-backend").exists()
    assert process.log_tail(1000).count("imported 1 photo") == 1


def test_weed_dying_again_and_again_stops_the_backend_with_a_sentence(tmp_path):
    process = BackendProcess(tmp_path / "data")
    process.start()
    for death in range(4):  # the fourth death within five minutes is one too many
        weed = process.weed_pid()
        os.kill(weed, signal.SIGKILL)
        if death < 3:
            wait_until(lambda weed=weed, death=death: process.weed_pid() != weed and
                       process.log_tail(10_000).count("SeaweedFS is back") == death + 1,
                       timeout=60, what="the backend to restart weed")
    assert process.process.wait(60) == 3
    log = process.log_tail(10_000)
    assert "thumbdrop-backend stopped: SeaweedFS, the backend's storage, stopped 4 times" in log
    assert "Traceback" not in log


def test_sigterm_lets_running_resizes_finish(tmp_path):
    process = BackendProcess(tmp_path / "data", "--log-level", "DEBUG")
    api = Api(process.start())
    big = Image.new("RGB", (5000, 3500), (90, 140, 200))
    ImageDraw.Draw(big).ellipse((500, 500, 4000, 3000), fill=(250, 200, 40))
    out = io.BytesIO()
    big.save(out, "JPEG", quality=90)
    tickets = [api.upload(f"big {n}.jpg", "image/jpeg", out.getvalue()) for n in range(3)]
    api.close()
    wait_until(lambda: "resizing input/" in process.log_tail(10_000), interval=0.01, timeout=60,
               what="a resize to start")
    assert process.stop() == 0
    log = process.log_tail(10_000)
    started = [t["id"] for t in tickets if f"resizing {t['key']}" in log]
    assert started
    for image_id in started:  # each resize that had begun ended before the backend did
        assert log.index(f"{image_id}: ready") < log.index("thumbdrop.backend: stopped")


def test_a_crashed_runs_unix_sockets_are_removed_by_the_next_start(tmp_path):
    first = BackendProcess(tmp_path / "data")
    first.start()
    sockets = (tmp_path / "data" / "weed" / "weed.sockets").read_text().split()
    assert any(path.startswith("/tmp/seaweedfs-") for path in sockets)
    first.kill()  # weed dies with it, leaving its sockets
    wait_until(lambda: not process_exists(first.weed_pid()), timeout=30, what="weed to die")
    assert any(Path(path).exists() for path in sockets)
    second = BackendProcess(tmp_path / "data")
    second.start()
    try:
        assert not any(Path(path).exists() for path in sockets if path not in
                       (tmp_path / "data" / "weed" / "weed.sockets").read_text().split())
    finally:
        assert second.stop() == 0
    assert not (tmp_path / "data" / "weed" / "weed.sockets").exists()
    assert not any(Path(path).exists() for path in sockets)


def test_a_port_taken_before_weed_binds_it_is_picked_again(tmp_path):
    # Ports are picked free, then weed binds them a moment later: another program may take one
    # in between. weed's fatal line then heads a dump of every goroutine; the store must still
    # see it and start on new ports (links name the S3 front's port, never weed's).
    import dataclasses

    from helpers import lone_store

    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    store = lone_store(data_dir)
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        store.ports = dataclasses.replace(store.ports, volume_grpc=taken)
        store.launch()
        try:
            store.wait_ready()
            assert store.ports.volume_grpc != taken
        finally:
            store.stop()
