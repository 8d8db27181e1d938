"""Every port the running backend listens on, found from the OS (not from its configuration),
probed the way another account on the machine or a web page in the user's browser would:
without credentials, over HTTP and gRPC, asking to read, write, delete and administer the
store. Each must refuse. Positive controls with the data dir's own client certificate show
the probes do reach the services (a probe of the wrong port would prove nothing).
"""

from __future__ import annotations

import http.client
import os
import socket
import ssl
import stat
import subprocess
from pathlib import Path

os.environ.setdefault("GRPC_VERBOSITY", "NONE")  # every refused handshake is the point here

import grpc
import psutil
import pytest
import requests
from helpers import Api, wait_until
from imagegen import jpeg

UPLOAD, OUTPUT = "thumbdrop-upload", "thumbdrop-output"
GRPC_TIMEOUT = 5.0
HTTP_TIMEOUT = 5.0


def _field(number: int, value: bytes | str | bool) -> bytes:
    """One protobuf field: strings and messages length-delimited, booleans as varints."""
    if isinstance(value, bool):
        return bytes([number << 3, int(value)])
    data = value.encode() if isinstance(value, str) else value
    return bytes([(number << 3) | 2]) + _varint(len(data)) + data


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


# (what it asks, gRPC method, request bytes): read, write, delete and admin on every service.
GRPC_CALLS = [
    ("filer read", "/filer_pb.SeaweedFiler/LookupDirectoryEntry",
     _field(1, "/buckets") + _field(2, UPLOAD)),
    ("filer write", "/filer_pb.SeaweedFiler/CreateEntry",
     _field(1, f"/buckets/{UPLOAD}/input") + _field(2, _field(1, "probe"))),
    ("filer delete", "/filer_pb.SeaweedFiler/DeleteEntry",
     _field(1, "/buckets") + _field(2, OUTPUT) + _field(4, True) + _field(5, True)),
    ("master read", "/master_pb.Seaweed/VolumeList", b""),
    ("master admin", "/master_pb.Seaweed/CollectionDelete", _field(1, OUTPUT)),
    ("volume delete", "/volume_server_pb.VolumeServer/DeleteCollection", _field(1, OUTPUT)),
    ("s3 read", "/messaging_pb.SeaweedS3IamCache/ListPolicies", b""),
    ("s3 admin", "/messaging_pb.SeaweedS3IamCache/RemoveIdentity", _field(1, "thumbdrop")),
]

# (method, path): master, volume server, filer and S3 requests that read, write, delete or
# administer; a plain GET is what any web page can make the user's browser send.
HTTP_REQUESTS = [
    ("GET", "/dir/assign"), ("GET", "/dir/lookup?volumeId=1"), ("GET", "/dir/status"),
    ("GET", f"/col/delete?collection={OUTPUT}"), ("GET", "/vol/grow?count=1"),
    ("GET", "/vol/status"), ("GET", "/vol/vacuum"), ("GET", "/cluster/status"),
    ("GET", "/status"), ("GET", "/1,0123456789"), ("POST", "/1,0123456789"),
    ("DELETE", "/1,0123456789"),
    ("GET", f"/buckets/{UPLOAD}/"), ("PUT", f"/buckets/{UPLOAD}/input/probe"),
    ("DELETE", f"/buckets/{OUTPUT}?recursive=true"),
    ("GET", f"/{UPLOAD}?list-type=2"), ("PUT", f"/{UPLOAD}/input/probe"),
    ("DELETE", f"/{OUTPUT}/index/probe"), ("GET", "/images"), ("POST", "/events"),
]
# An HTTPS port answers plain HTTP with this 400; our API 401, S3 403, the intake 401/405.
REFUSALS = {400, 401, 403, 405}


def listeners(process: psutil.Process) -> tuple[list[int], list[str]]:
    """TCP ports and unix socket paths a process listens on, from the OS."""
    ports = {conn.laddr.port for conn in process.net_connections(kind="tcp")
             if conn.status == psutil.CONN_LISTEN}
    paths = {conn.laddr for conn in process.net_connections(kind="unix")
             if conn.laddr and not conn.raddr and os.path.exists(conn.laddr)
             and stat.S_ISSOCK(os.stat(conn.laddr).st_mode)}
    return sorted(ports), sorted(paths)


@pytest.fixture(scope="module")
def found(backend):
    """(every TCP port, every unix socket) of the backend and its children (weed)."""
    ports, paths = set(), set()
    ours = psutil.Process(backend.process.pid)
    for process in [ours, *ours.children(recursive=True)]:
        more_ports, more_paths = listeners(process)
        ports.update(more_ports)
        paths.update(more_paths)
    return sorted(ports), sorted(paths)


@pytest.fixture(scope="module")
def weed_ports(backend):
    return listeners(psutil.Process(backend.weed_pid()))[0]


@pytest.fixture(scope="module")
def tls(backend):
    folder = backend.data_dir / "weed" / "tls"
    return {name: (folder / file).read_bytes()
            for name, file in (("ca", "ca.crt"), ("cert", "store.crt"), ("key", "store.key"))}


@pytest.fixture(scope="module")
def ready_image(backend):
    api = Api(backend.info)
    ticket = api.upload("kept.jpg", "image/jpeg", jpeg((64, 48)))
    assert api.wait_done(ticket["id"])["status"] == "ready"
    yield ticket["id"]
    api.close()


def _grpc_code(channel: grpc.Channel, method: str, request: bytes, *, stream: bool = False):
    call = channel.unary_unary(method) if not stream else channel.unary_stream(method)
    try:
        result = call(request, timeout=GRPC_TIMEOUT)
        if stream:
            list(result)
        return grpc.StatusCode.OK
    except grpc.RpcError as error:
        return error.code()


def _channels(target: str, tls: dict, *, with_cert: bool = False):
    """An attacker's plain-text channel and TLS channel (trusting our CA, so only the missing
    client certificate can fail it); with_cert: ours."""
    if with_cert:
        return [grpc.secure_channel(target, grpc.ssl_channel_credentials(
            tls["ca"], tls["key"], tls["cert"]))]
    return [grpc.insecure_channel(target),
            grpc.secure_channel(target, grpc.ssl_channel_credentials(tls["ca"]))]


def test_the_probe_finds_every_listener(found, weed_ports):
    ports, paths = found
    # weed: master, volume, filer and S3, each HTTP and gRPC; ours: the API and the intake
    assert len(weed_ports) >= 8, weed_ports
    assert len(ports) >= len(weed_ports) + 2, ports
    assert len(paths) >= 6, paths  # weed's four gRPC sockets, the filer's and S3's HTTP


def test_no_grpc_port_of_weed_serves_anyone_without_our_certificate(weed_ports, tls,
                                                                     ready_image):
    served = []
    for port in weed_ports:
        for channel in _channels(f"127.0.0.1:{port}", tls):
            with channel:
                for what, method, request in GRPC_CALLS:
                    code = _grpc_code(channel, method, request)
                    if code != grpc.StatusCode.UNAVAILABLE:  # the handshake was refused
                        served.append((port, what, code))
    assert served == []


def test_our_own_ports_speak_no_grpc(found, weed_ports, tls):
    ports, _ = found
    for port in set(ports) - set(weed_ports):
        for channel in _channels(f"127.0.0.1:{port}", tls):
            with channel:
                _, method, request = GRPC_CALLS[0]
                assert _grpc_code(channel, method, request) != grpc.StatusCode.OK


def test_grpc_over_unix_sockets_needs_the_certificate_too(found, tls):
    _, paths = found
    grpc_sockets = [p for p in paths if "-grpc-" in p]
    assert len(grpc_sockets) == 4, paths
    for path in grpc_sockets:
        for channel in _channels(f"unix:{path}", tls):
            with channel:
                for what, method, request in GRPC_CALLS:
                    assert _grpc_code(channel, method, request) == \
                        grpc.StatusCode.UNAVAILABLE, (path, what)


def test_every_unix_socket_is_this_users_alone(found):
    _, paths = found
    for path in paths:
        mode = os.stat(path).st_mode
        assert mode & 0o077 == 0, f"{path} is {stat.filemode(mode)}"


def test_the_probes_do_reach_weeds_grpc_services_with_our_certificate(weed_ports, tls):
    """The positive control: with the data dir's certificate, four ports answer gRPC (the
    master, volume, filer and S3 services), and the filer hands out the upload bucket."""
    reached = set()
    for port in weed_ports:
        for channel in _channels(f"127.0.0.1:{port}", tls, with_cert=True):
            with channel:
                code = _grpc_code(channel, "/filer_pb.SeaweedFiler/LookupDirectoryEntry",
                                  _field(1, "/buckets") + _field(2, UPLOAD))
                if code != grpc.StatusCode.UNAVAILABLE:
                    reached.add(port)
                if code == grpc.StatusCode.OK:
                    filer = port
    assert len(reached) >= 4, reached  # the gRPC ports (an HTTPS port answers h2 too)
    assert filer in reached


def _http_answer(port: int, method: str, path: str, *, https: bool = False, tls=None):
    scheme = "https" if https else "http"
    try:
        # A browser's cross-site simple request: an Origin, no credentials of ours.
        return requests.request(method, f"{scheme}://127.0.0.1:{port}{path}", data=b"x",
                                headers={"Origin": "http://attacker.example"},
                                timeout=HTTP_TIMEOUT, allow_redirects=False,
                                verify=tls if https else True)
    except requests.exceptions.RequestException:
        # the TLS handshake (no client certificate) or the connection failed, or the server
        # hung up on the request (an HTTPS port answering plain text closes at once)
        return None


def _empty_health_check(answer, path: str) -> bool:
    """S3's `GET /status` liveness answer: 200 and not a byte of anything."""
    return path == "/status" and answer.status_code == 200 and not answer.content


def test_no_http_port_serves_anyone_without_credentials(found, weed_ports, backend,
                                                       ready_image, tmp_path):
    ports, _ = found
    ca = tmp_path / "ca.crt"
    ca.write_bytes((backend.data_dir / "weed" / "tls" / "ca.crt").read_bytes())
    served = []
    for port in ports:
        for method, path in HTTP_REQUESTS:
            # weed's ports also over TLS without a client certificate (ours speak no TLS)
            for https in (False, True) if port in weed_ports else (False,):
                answer = _http_answer(port, method, path, https=https, tls=str(ca))
                if answer is not None and answer.status_code not in REFUSALS \
                        and not _empty_health_check(answer, path):
                    served.append((port, method, path, https, answer.status_code))
                if answer is not None and answer.status_code == 400:
                    assert b"HTTPS" in answer.content or answer.headers.get(
                        "Content-Type", "").startswith(("application/json", "application/xml")), \
                        (port, method, path, answer.content[:200])
    assert served == []


def test_a_browsers_simple_get_cannot_delete_the_gallery(found, backend, ready_image):
    ports, _ = found
    for port in ports:
        answer = _http_answer(port, "GET", f"/col/delete?collection={OUTPUT}")
        assert answer is None or answer.status_code in REFUSALS
    api = Api(backend.info)
    try:
        assert api.image(ready_image)["status"] == "ready"
        assert ready_image in api.gallery_ids()
    finally:
        api.close()


def test_the_http_probes_reach_the_master_with_our_certificate(backend):
    """The positive control for HTTP: the master's status page, over mutual TLS."""
    folder = backend.data_dir / "weed" / "tls"
    context = ssl.create_default_context(cafile=str(folder / "ca.crt"))
    context.load_cert_chain(str(folder / "store.crt"), str(folder / "store.key"))
    command = Path(f"/proc/{backend.weed_pid()}/cmdline").read_bytes().split(b"\0")
    port = int(next(arg for arg in command if arg.startswith(b"-master.port="))
               .split(b"=")[1])
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
    try:
        connection.request("GET", "/dir/status")
        assert connection.getresponse().status == 200
    finally:
        connection.close()


def test_http_over_weeds_unix_sockets_needs_our_keys(found):
    _, paths = found
    http_sockets = [p for p in paths if "-grpc-" not in p]
    assert len(http_sockets) == 2, paths  # the filer's and S3's, in the data dir
    for path in http_sockets:
        for method, target in (("GET", f"/buckets/{UPLOAD}/"), ("GET", f"/{UPLOAD}"),
                               ("DELETE", f"/buckets/{OUTPUT}?recursive=true")):
            with socket.socket(socket.AF_UNIX) as sock:
                sock.settimeout(HTTP_TIMEOUT)
                sock.connect(path)
                connection = http.client.HTTPConnection("localhost")
                connection.sock = sock
                connection.request(method, target)
                assert connection.getresponse().status in (401, 403), (path, method, target)


def test_weed_shell_from_another_folder_lists_nothing(found, backend, tmp_path):
    """What the issue's attacker ran: `weed shell` pointed at the filer's gRPC port, from a
    folder (and home) without our security.toml."""
    command = Path(f"/proc/{backend.weed_pid()}/cmdline").read_bytes().split(b"\0")
    flag = {arg.split(b"=")[0].decode(): arg.split(b"=", 1)[1].decode()
            for arg in command if arg.startswith(b"-") and b"=" in arg}
    master = f"127.0.0.1:{flag['-master.port']}.{flag['-master.port.grpc']}"
    filer = f"127.0.0.1:{flag['-filer.port']}.{flag['-filer.port.grpc']}"
    weed = command[0].decode()
    try:
        result = subprocess.run(
            [weed, "shell", f"-master={master}", f"-filer={filer}"], input="fs.ls /buckets\n",
            capture_output=True, text=True, cwd=tmp_path, timeout=15, check=False,
            env={"HOME": str(tmp_path), "PATH": os.environ.get("PATH", "")})
        output = result.stdout + result.stderr
    except subprocess.TimeoutExpired as timeout:
        output = (timeout.stdout or b"").decode() + (timeout.stderr or b"").decode()
    assert UPLOAD not in output and OUTPUT not in output


def test_the_gallery_is_whole_after_every_probe(backend, ready_image):
    api = Api(backend.info)
    try:
        image = wait_until(lambda: api.image(ready_image), what="the image")
        assert image["status"] == "ready"
        assert requests.get(image["thumbnail_url"], timeout=10).status_code == 200
    finally:
        api.close()
