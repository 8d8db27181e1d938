"""Facts about backend/template.yaml that the handlers and the desktop app depend on.

`make lint-template` proves the template is valid SAM/CloudFormation; these tests prove it
says the right things: the environment the handlers read, the trigger, least privilege.
"""

from __future__ import annotations

import ast
import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from backend.common import config

ROOT = Path(__file__).resolve().parents[2]
BACKEND = ROOT / "backend"

# Set by the Lambda runtime itself, or meant only for S3-compatible stores off AWS, or
# whose defaults suit AWS (API_BASE_URL: the Function URL's own domain name serves).
NOT_SET_BY_TEMPLATE = {"AWS_REGION", "AWS_DEFAULT_REGION", "S3_ENDPOINT_URL", "S3_ADDRESSING_STYLE",
                       "API_BASE_URL", "MULTIPART_THRESHOLD_BYTES", "MULTIPART_PART_BYTES",
                       "MAX_LINK_SECONDS", "PENDING_TIMEOUT_SECONDS"}


class _CfnLoader(yaml.SafeLoader):
    """Reads CloudFormation short tags (!Ref, !Sub, ...) as their long `Fn::` form."""


def _short_tag(loader, tag_suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if tag_suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {"Ref" if tag_suffix == "Ref" else f"Fn::{tag_suffix}": value}


_CfnLoader.add_multi_constructor("!", _short_tag)


@pytest.fixture(scope="module")
def template() -> dict:
    return yaml.load((BACKEND / "template.yaml").read_text(), Loader=_CfnLoader)


def _function(template: dict, name: str) -> dict:
    """A function's properties with Globals merged in, as SAM merges them."""
    merged = dict(template["Globals"]["Function"])
    props = template["Resources"][name]["Properties"]
    merged.update(props)
    merged["Environment"] = {"Variables": {
        **template["Globals"]["Function"].get("Environment", {}).get("Variables", {}),
        **props.get("Environment", {}).get("Variables", {}),
    }}
    return merged


def _statements(function: dict) -> list[dict]:
    return [s for policy in function["Policies"] for s in policy["Statement"]]


def _actions(statement: dict) -> list[str]:
    action = statement["Action"]
    return action if isinstance(action, list) else [action]


def _text(value) -> str:
    return json.dumps(value, sort_keys=True)


def _names_config_reads() -> set[str]:
    """Every variable config.load looks up, recorded by running it (no source parsing)."""

    class Recording(dict):
        def get(self, key, default=None):
            seen.add(key)
            return super().get(key, default)

        def __getitem__(self, key):
            seen.add(key)
            return super().__getitem__(key)

    seen: set[str] = set()
    config.load(Recording())
    return seen


def test_config_reads_what_the_architecture_contract_lists():
    contract = (ROOT / "docs" / "ARCHITECTURE.md").read_text()
    listed = set(re.findall(r"^\| ([A-Z][A-Z0-9_]+) \|", contract, flags=re.MULTILINE))
    assert _names_config_reads() - {"AWS_DEFAULT_REGION"} == listed


def test_presign_gets_exactly_the_variables_the_handlers_read(template):
    expected = _names_config_reads() - NOT_SET_BY_TEMPLATE
    env = _function(template, "PresignFunction")["Environment"]["Variables"]
    assert set(env) == expected
    assert env["API_TOKEN_SHA256"] == {"Ref": "ApiTokenSha256"}
    assert "API_TOKEN" not in env  # no plain token in any environment


def test_resize_gets_the_same_variables_except_the_token(template):
    expected = _names_config_reads() - NOT_SET_BY_TEMPLATE - {"API_TOKEN_SHA256"}
    assert set(_function(template, "ResizeFunction")["Environment"]["Variables"]) == expected


def test_buckets_in_env_are_the_template_buckets_and_differ(template):
    env = _function(template, "ResizeFunction")["Environment"]["Variables"]
    upload_name = template["Resources"]["UploadBucket"]["Properties"]["BucketName"]
    output_name = template["Resources"]["OutputBucket"]["Properties"]["BucketName"]
    assert env["UPLOAD_BUCKET"] == upload_name
    assert env["OUTPUT_BUCKET"] == {"Ref": "OutputBucket"}
    assert _text(upload_name) != _text(output_name)


def test_both_functions_run_python_312_handlers_that_exist(template):
    for name, package in (("PresignFunction", "presign"), ("ResizeFunction", "resize")):
        function = _function(template, name)
        assert function["Runtime"] == "python3.12"
        assert function["Handler"] == f"backend.{package}.handler.handler"
        source = BACKEND / package / "handler.py"
        tree = ast.parse(source.read_text())
        assert any(isinstance(n, ast.FunctionDef) and n.name == "handler" for n in tree.body)


def test_build_packages_backend_for_the_declared_architecture(template):
    makefile = (BACKEND / "Makefile").read_text()
    arch = {"arm64": "aarch64", "x86_64": "x86_64"}[template["Globals"]["Function"]["Architectures"][0]]
    platforms = re.findall(r"--platform (\S+)", makefile)
    assert platforms and all(p.endswith(arch) for p in platforms)
    for name in ("PresignFunction", "ResizeFunction"):
        assert template["Resources"][name]["Metadata"]["BuildMethod"] == "makefile"
        assert f"build-{name}:" in makefile


def _lambda_requirements(function: str) -> set[str]:
    return {re.split(r"[<>=!~ ]", line, maxsplit=1)[0].lower()
            for line in (BACKEND / function / "requirements.txt").read_text().splitlines()
            if line.strip() and not line.startswith("#")}


def test_each_function_packages_only_the_libraries_it_uses():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    project_names = {re.split(r"[<>=!~ \[]", d, maxsplit=1)[0].lower() for d in project}
    resize, presign = _lambda_requirements("resize"), _lambda_requirements("presign")
    assert {"pillow", "pillow-heif", "boto3"} <= resize <= project_names
    assert presign == {"boto3"}  # no image libraries in the API's bundle


def test_resize_is_triggered_by_objects_created_under_input_of_the_upload_bucket(template):
    events = template["Resources"]["ResizeFunction"]["Properties"]["Events"]
    (event,) = events.values()
    assert event["Type"] == "S3"
    props = event["Properties"]
    assert props["Bucket"] == {"Ref": "UploadBucket"}
    assert props["Events"] in ("s3:ObjectCreated:*", ["s3:ObjectCreated:*"])
    assert props["Filter"]["S3Key"]["Rules"] == [{"Name": "prefix", "Value": "input/"}]


def test_resize_reads_only_input_and_writes_only_the_output_bucket(template):
    statements = _statements(_function(template, "ResizeFunction"))
    assert all(s.get("Effect", "Allow") == "Allow" for s in statements)
    granted = {(a, _text(s["Resource"])) for s in statements for a in _actions(s)}
    assert {a for a, _ in granted} == {"s3:GetObject", "s3:ListBucket", "s3:PutObject",
                                       "s3:DeleteObject"}
    for action, resource in granted:
        upload = "thumbdrop-upload-" in resource
        if action in ("s3:GetObject", "s3:DeleteObject") and upload:
            assert "/input/*" in resource  # originals only (a deleted image's stray one)
        if action == "s3:ListBucket" and upload:  # so a deleted original reads as 404, not 403
            assert 's3:::thumbdrop-upload-${StackUuid}"' in resource  # the bucket, no objects
        if action == "s3:PutObject":  # never into the upload bucket: no self-triggering
            assert not upload and "OutputBucket" in resource


def test_presign_has_only_the_s3_actions_its_routes_need(template):
    statements = _statements(_function(template, "PresignFunction"))
    upload, output = set(), set()
    for statement in statements:
        resource = _text(statement["Resource"])
        target = upload if "thumbdrop-upload-" in resource else output
        assert "thumbdrop-upload-" in resource or "OutputBucket" in resource
        target.update(_actions(statement))
    assert upload == {"s3:PutObject", "s3:GetObject", "s3:ListBucket", "s3:DeleteObject",
                      "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"}
    assert output == {"s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject"}


def test_api_is_a_function_url_the_handler_guards_with_a_noecho_token(template):
    url = template["Resources"]["PresignFunction"]["Properties"]["FunctionUrlConfig"]
    assert url == {"AuthType": "NONE"}  # no CORS: a desktop client, not a browser
    digest = template["Parameters"]["ApiTokenSha256"]
    assert digest["NoEcho"] is True
    pattern = re.compile(digest["AllowedPattern"])
    assert pattern.match("ab" * 32) and pattern.match(f"{'ab' * 32},{'cd' * 32}")
    assert not pattern.match("a-plain-token-of-forty-characters-or-so!")


def test_failed_resize_events_end_in_a_dead_letter_queue(template):
    invoke = template["Resources"]["ResizeFunction"]["Properties"]["EventInvokeConfig"]
    assert invoke["MaximumRetryAttempts"] == 2
    on_failure = invoke["DestinationConfig"]["OnFailure"]
    assert on_failure["Type"] == "SQS"
    queue, attribute = on_failure["Destination"]["Fn::GetAtt"]
    assert attribute == "Arn"
    assert template["Resources"][queue]["Type"] == "AWS::SQS::Queue"


def test_upload_bucket_is_private_and_cleans_up_after_itself(template):
    props = template["Resources"]["UploadBucket"]["Properties"]
    assert set(props["PublicAccessBlockConfiguration"].values()) == {True}
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    rules = props["LifecycleConfiguration"]["Rules"]
    expiring = [r for r in rules if "ExpirationInDays" in r]
    assert [r["Prefix"] for r in expiring] == ["input/"]
    assert any(r.get("AbortIncompleteMultipartUpload", {}).get("DaysAfterInitiation") == 1
               for r in rules)


def test_output_bucket_is_public_only_for_renditions_and_only_when_asked(template):
    resources = template["Resources"]
    assert template["Parameters"]["OutputAccess"]["AllowedValues"] == ["presigned", "public"]
    block = resources["OutputBucket"]["Properties"]["PublicAccessBlockConfiguration"]
    assert block["BlockPublicAcls"] is True and block["IgnorePublicAcls"] is True
    for relaxed in ("BlockPublicPolicy", "RestrictPublicBuckets"):
        assert block[relaxed] == {"Fn::If": ["PublicOutput", False, True]}
    statements = resources["OutputBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    public = [s["Fn::If"] for s in statements if "Fn::If" in s]
    assert len(public) == 1
    condition, grant, otherwise = public[0]
    assert condition == "PublicOutput" and otherwise == {"Ref": "AWS::NoValue"}
    assert grant["Principal"] == "*" and _actions(grant) == ["s3:GetObject"]
    prefixes = sorted(r["Fn::Sub"].split("}/", 1)[1] for r in grant["Resource"])
    assert prefixes == ["large/*", "thumbnails/*"]
    unconditional = [s for s in statements if "Fn::If" not in s]
    assert all(s["Effect"] == "Deny" for s in unconditional)


def test_outputs_tell_the_app_where_to_go(template):
    assert set(template["Outputs"]) == {
        "ApiUrl", "UploadBucketName", "OutputBucketName", "DeadLetterQueueUrl"}
    assert template["Outputs"]["ApiUrl"]["Value"] == {
        "Fn::GetAtt": ["PresignFunctionUrl", "FunctionUrl"]}
