"""A moto server that enforces IAM, holding the stack's buckets and one assumed-role session
per function role, each role carrying exactly the inline policies of the translated template
(resolved). Handlers run in this process with a role's credentials and the function's resolved
environment; requests signed by that session are allowed or denied as the policies say.

moto enforces IAM for requests signed by its own IAM users and assumed roles once its
no-auth allowance is used up (POST /moto-api/reset-auth sets the allowance). Two gaps of
moto's enforcement are handled here, not hidden:
- A presigned URL (query-string auth) is not checked at all; `send_as` sends the same method,
  path and headers signed in the Authorization header by the session that presigned it,
  which moto does check. That is what S3 itself evaluates for a presigned request: the
  signer's rights.
- DeleteObjects is checked against the bucket ARN instead of each key, so a prefix-scoped
  s3:DeleteObject would wrongly deny it; `per_key_delete_objects` makes moto check each key,
  as AWS does.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import boto3
import requests
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

from tests.deploy.cfn import OUTPUT_BUCKET, REGION, UPLOAD_BUCKET, role_policies

FUNCTIONS = ("PresignFunction", "ResizeFunction", "ResizeFailuresFunction")
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})


@dataclass
class Session:
    role: str
    credentials: Credentials

    def env(self) -> dict[str, str]:
        return {"AWS_ACCESS_KEY_ID": self.credentials.access_key,
                "AWS_SECRET_ACCESS_KEY": self.credentials.secret_key,
                "AWS_SESSION_TOKEN": self.credentials.token}


@dataclass
class Sandbox:
    endpoint: str
    sessions: dict[str, Session] = field(default_factory=dict)
    admin: object = None  # an S3 client of an IAM user allowed everything

    def session_with(self, name: str, statements: list[dict]) -> Session:
        """A new role carrying exactly `statements`, assumed: for checking the sandbox itself.
        Made as the function roles are, before enforcement (their trust names Lambda)."""
        iam, sts = (_client(service, self.endpoint) for service in ("iam", "sts"))
        _set_no_auth_allowance(self.endpoint, float("inf"))
        try:
            arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
            iam.put_role_policy(RoleName=name, PolicyName="only", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": statements}))
            keys = sts.assume_role(RoleArn=arn, RoleSessionName=name)["Credentials"]
        finally:
            _set_no_auth_allowance(self.endpoint, 0)
        return Session(name, Credentials(keys["AccessKeyId"], keys["SecretAccessKey"],
                                         keys["SessionToken"]))

    def s3(self, session: Session):
        return boto3.client(
            "s3", region_name=REGION, endpoint_url=self.endpoint,
            aws_access_key_id=session.credentials.access_key,
            aws_secret_access_key=session.credentials.secret_key,
            aws_session_token=session.credentials.token,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1},
                          request_checksum_calculation="when_required"))

    def send_as(self, session: Session, method: str, url: str, headers: dict,
                body: bytes = b"") -> requests.Response:
        """The request a presigned URL stands for, signed by `session` in its headers."""
        parts = urlsplit(url)
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                 if not k.lower().startswith("x-amz-")]
        bare = urlunsplit(parts._replace(query=urlencode(query)))
        request = AWSRequest(method=method, url=bare, data=body, headers=dict(headers))
        S3SigV4Auth(session.credentials, "s3", REGION).add_auth(request)
        prepared = request.prepare()
        return requests.request(method, prepared.url, headers=dict(prepared.headers),
                                data=body, timeout=30)


def _client(service: str, endpoint: str, **keys):
    return boto3.client(service, region_name=REGION, endpoint_url=endpoint,
                        aws_access_key_id=keys.get("key", "testing"),
                        aws_secret_access_key=keys.get("secret", "testing"),
                        config=Config(s3={"addressing_style": "path"}))


def _set_no_auth_allowance(endpoint: str, count: float) -> None:
    requests.post(f"{endpoint}/moto-api/reset-auth", data=str(count).encode(),
                  timeout=10).raise_for_status()


@contextlib.contextmanager
def per_key_delete_objects():
    """moto authorises DeleteObjects against the bucket ARN; AWS authorises s3:DeleteObject
    for each key. Check each key as AWS does (see the module docstring). A batch with any key
    denied is refused whole, which is stricter than AWS (it deletes the allowed keys)."""
    from moto.core.exceptions import AccessDeniedError
    from moto.s3.exceptions import BucketAccessDeniedError, S3AccessDeniedError
    from moto.s3.responses import S3Response

    denied = (AccessDeniedError, BucketAccessDeniedError, S3AccessDeniedError)
    original = S3Response._bucket_response_delete_keys

    def each_key(self, bucket_name, authenticated=True):
        import xmltodict

        objects = xmltodict.parse(self.body)["Delete"].get("Object", [])
        allowed = True
        for obj in objects if isinstance(objects, list) else [objects]:
            try:
                self._authenticate_and_authorize_s3_action(bucket_name=bucket_name,
                                                           key_name=obj["Key"])
            except denied:
                allowed = False
        return original(self, bucket_name, authenticated=allowed)

    S3Response._bucket_response_delete_keys = each_key
    try:
        yield
    finally:
        S3Response._bucket_response_delete_keys = original


@contextlib.contextmanager
def sandbox(resources: dict):
    """A running moto server with the stack's buckets and roles; IAM enforced inside."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        with per_key_delete_objects():
            _set_no_auth_allowance(endpoint, float("inf"))
            # moto's backends are global to the process: start from nothing.
            requests.post(f"{endpoint}/moto-api/reset", timeout=10).raise_for_status()
            s3 = _client("s3", endpoint)
            for bucket in (UPLOAD_BUCKET, OUTPUT_BUCKET):
                s3.create_bucket(Bucket=bucket)
            iam, sts = _client("iam", endpoint), _client("sts", endpoint)
            box = Sandbox(endpoint)
            for function in FUNCTIONS:
                role = f"{function}Role"
                arn = iam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
                for name, document in role_policies(resources, function).items():
                    # SAM writes its destination policies without a Version; IAM then reads
                    # them as 2008-10-17, which moto refuses. They use no policy variables, so
                    # the version does not change what they allow.
                    document = {"Version": "2012-10-17", **document}
                    iam.put_role_policy(RoleName=role, PolicyName=name,
                                        PolicyDocument=json.dumps(document))
                keys = sts.assume_role(RoleArn=arn, RoleSessionName=function)["Credentials"]
                box.sessions[function] = Session(role, Credentials(
                    keys["AccessKeyId"], keys["SecretAccessKey"], keys["SessionToken"]))
            iam.create_user(UserName="admin")
            iam.put_user_policy(UserName="admin", PolicyName="all", PolicyDocument=json.dumps(
                {"Version": "2012-10-17",
                 "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
            key = iam.create_access_key(UserName="admin")["AccessKey"]
            box.admin = _client("s3", endpoint, key=key["AccessKeyId"],
                                secret=key["SecretAccessKey"])
            _set_no_auth_allowance(endpoint, 0)  # from here on, every request is checked
            try:
                yield box
            finally:
                _set_no_auth_allowance(endpoint, float("inf"))
    finally:
        server.stop()


@contextlib.contextmanager
def running_as(box: Sandbox, resources: dict, function: str):
    """os.environ as Lambda sets it for `function` (its resolved Variables), pointed at the
    sandbox and signed by the function's role session; the handlers' cached settings and
    client are dropped before and after."""
    from backend.common import config

    variables = resources[function]["Properties"]["Environment"]["Variables"]
    env = {**{k: str(v) for k, v in variables.items()},
           "S3_ENDPOINT_URL": box.endpoint, "S3_ADDRESSING_STYLE": "path",
           "AWS_REGION": REGION, "AWS_DEFAULT_REGION": REGION,
           **box.sessions[function].env()}
    saved = dict(os.environ)
    os.environ.update(env)
    _drop_cached_settings(config)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
        _drop_cached_settings(config)


def _drop_cached_settings(config) -> None:
    # boto3's default session keeps the credentials it first found in the environment; on
    # Lambda each function has a process of its own, here they take turns in one.
    boto3.DEFAULT_SESSION = None
    for value in vars(config).values():
        clear = getattr(value, "cache_clear", None)
        if callable(clear):
            clear()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
