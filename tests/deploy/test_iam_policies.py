"""Each function role's resolved IAM policy, enforced by moto (tests/deploy/aws_sandbox.py), is
tight: every object action outside the role's prefixes is denied. test_handlers_under_iam.py
proves the same policies sufficient by running the real handlers under them."""

from __future__ import annotations

import hashlib

import pytest
from botocore.exceptions import ClientError

from tests.deploy.aws_sandbox import sandbox
from tests.deploy.cfn import OUTPUT_BUCKET, REGION, UPLOAD_BUCKET, Resolver, translate

TOKEN = "iam-test-token-" + "x" * 32
DOMAIN = "abc123.lambda-url.us-east-1.on.aws"
PREFIXES = ("input/", "index/", "thumbnails/", "large/", "digests/", "deleted/", "taken/",
            "albums/", "shares/", "other/")
# (bucket, prefix) -> the object actions each role may take there: G(et), P(ut), D(elete).
# Everything not listed is denied. This is the design in docs/DEPLOY.md, "Who may do what".
ALLOWED = {
    "PresignFunction": {
        (UPLOAD_BUCKET, "input/"): "GPD",
        (OUTPUT_BUCKET, "index/"): "GD", (OUTPUT_BUCKET, "thumbnails/"): "GD",
        (OUTPUT_BUCKET, "large/"): "GD", (OUTPUT_BUCKET, "digests/"): "GPD",
        (OUTPUT_BUCKET, "deleted/"): "GP", (OUTPUT_BUCKET, "taken/"): "D",
        (OUTPUT_BUCKET, "albums/"): "GPD", (OUTPUT_BUCKET, "shares/"): "GP",
    },
    "ResizeFunction": {
        (UPLOAD_BUCKET, "input/"): "GD",
        (OUTPUT_BUCKET, "index/"): "GPD", (OUTPUT_BUCKET, "thumbnails/"): "PD",
        (OUTPUT_BUCKET, "large/"): "PD", (OUTPUT_BUCKET, "deleted/"): "G",
        (OUTPUT_BUCKET, "digests/"): "GPD", (OUTPUT_BUCKET, "taken/"): "PD",
        (OUTPUT_BUCKET, "albums/"): "GPD",
    },
    "ResizeFailuresFunction": {
        (UPLOAD_BUCKET, "input/"): "G",
        (OUTPUT_BUCKET, "index/"): "GP", (OUTPUT_BUCKET, "deleted/"): "G",
    },
}


@pytest.fixture(scope="module")
def resources() -> dict:
    digest = hashlib.sha256(TOKEN.encode()).hexdigest()
    return Resolver(translate(), {"ApiTokenSha256": digest}).resources()


@pytest.fixture(scope="module")
def box(resources):
    with sandbox(resources) as running:
        yield running


def _denied(call) -> bool:
    try:
        call()
    except ClientError as error:
        code = error.response["Error"]["Code"]
        assert code in ("AccessDenied", "403"), error.response
        return True
    return False


# -- tight ---------------------------------------------------------------------------------

@pytest.mark.parametrize("function", sorted(ALLOWED))
def test_each_role_may_touch_only_its_own_prefixes(box, function):
    s3 = box.s3(box.sessions[function])
    seen = {}
    for bucket in (UPLOAD_BUCKET, OUTPUT_BUCKET):
        for prefix in PREFIXES:
            key = f"{prefix}zz/probe-{function}"
            box.admin.put_object(Bucket=bucket, Key=key, Body=b"seed")
            seen[(bucket, prefix)] = "".join(letter for letter, call in (
                ("G", lambda b=bucket, k=key: s3.get_object(Bucket=b, Key=k)["Body"].read()),
                ("P", lambda b=bucket, k=key: s3.put_object(Bucket=b, Key=k, Body=b"x")),
                ("D", lambda b=bucket, k=key: s3.delete_object(Bucket=b, Key=k)),
            ) if not _denied(call))
            box.admin.delete_object(Bucket=bucket, Key=key)  # keep the buckets realistic
    expected = {place: ALLOWED[function].get(place, "") for place in seen}
    assert seen == expected


@pytest.mark.parametrize("function", sorted(ALLOWED))
def test_each_role_may_list_both_buckets_so_a_missing_object_reads_as_404(box, function):
    s3 = box.s3(box.sessions[function])
    for bucket in (UPLOAD_BUCKET, OUTPUT_BUCKET):
        s3.list_objects_v2(Bucket=bucket, Prefix="index/", MaxKeys=1)


def test_only_the_api_may_list_and_abort_multipart_uploads_of_originals(box):
    upload_id = box.admin.create_multipart_upload(
        Bucket=UPLOAD_BUCKET, Key="input/zz/multipart-probe")["UploadId"]
    for function in ALLOWED:
        s3 = box.s3(box.sessions[function])
        listing = _denied(lambda s3=s3: s3.list_parts(
            Bucket=UPLOAD_BUCKET, Key="input/zz/multipart-probe", UploadId=upload_id))
        assert listing == (function != "PresignFunction"), function
    presign = box.s3(box.sessions["PresignFunction"])
    presign.abort_multipart_upload(Bucket=UPLOAD_BUCKET, Key="input/zz/multipart-probe",
                                   UploadId=upload_id)


def test_a_session_with_no_policy_is_denied_everything(box):
    """The sandbox really enforces: the admin user's keys pass, a stranger's are refused."""
    import boto3

    stranger = boto3.client("s3", region_name=REGION, endpoint_url=box.endpoint,
                            aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
                            aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    with pytest.raises(ClientError):
        stranger.list_objects_v2(Bucket=UPLOAD_BUCKET)
    box.admin.list_objects_v2(Bucket=UPLOAD_BUCKET)
