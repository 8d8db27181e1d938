"""The IAM sandbox itself asks what AWS asks: each S3 operation the handlers call is authorised
by the IAM action AWS documents for it (HeadObject needs s3:GetObject, ListObjectsV2 needs
s3:ListBucket on the bucket; there are no s3:HeadObject or s3:ListObjectsV2 actions). If this
fails, test_iam_policies.py and test_handlers_under_iam.py prove nothing about AWS: moto 5.2.6
broke exactly this (pyproject.toml, [tool.uv] constraint-dependencies, says how)."""

from __future__ import annotations

import hashlib

import pytest
from botocore.exceptions import ClientError

from tests.deploy.aws_sandbox import sandbox
from tests.deploy.cfn import OUTPUT_BUCKET, Resolver, translate

KEY = "index/sandbox-check.json"


@pytest.fixture(scope="module")
def box():
    resources = Resolver(translate(), {"ApiTokenSha256": hashlib.sha256(b"t").hexdigest()})
    with sandbox(resources.resources()) as running:
        running.admin.put_object(Bucket=OUTPUT_BUCKET, Key=KEY, Body=b"{}")
        yield running


def _allowed(call) -> bool:
    try:
        call()
    except ClientError as error:
        assert error.response["Error"]["Code"] in ("AccessDenied", "403"), error.response
        return False
    return True


def _statement(action: str, resource: str) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def test_head_object_is_authorised_as_s3_get_object(box):
    bucket_arn = f"arn:aws:s3:::{OUTPUT_BUCKET}"
    reader = box.s3(box.session_with("reader", [_statement("s3:GetObject", f"{bucket_arn}/index/*")]))
    writer = box.s3(box.session_with("writer", [_statement("s3:PutObject", f"{bucket_arn}/index/*")]))
    assert _allowed(lambda: reader.head_object(Bucket=OUTPUT_BUCKET, Key=KEY)), \
        "s3:GetObject must allow HeadObject, as on AWS"
    assert not _allowed(lambda: writer.head_object(Bucket=OUTPUT_BUCKET, Key=KEY))


def test_list_objects_v2_is_authorised_as_s3_list_bucket(box):
    bucket_arn = f"arn:aws:s3:::{OUTPUT_BUCKET}"
    lister = box.s3(box.session_with("lister", [_statement("s3:ListBucket", bucket_arn)]))
    reader = box.s3(box.session_with("objects", [_statement("s3:GetObject", f"{bucket_arn}/*")]))
    assert _allowed(lambda: lister.list_objects_v2(Bucket=OUTPUT_BUCKET, Prefix="index/")), \
        "s3:ListBucket on the bucket must allow ListObjectsV2, as on AWS"
    assert not _allowed(lambda: reader.list_objects_v2(Bucket=OUTPUT_BUCKET, Prefix="index/"))
