"""The template as CloudFormation receives it (SAM-translated), under both front doors: the
resources SAM generates and the ones the wiring depends on, and cfn-lint on both forms."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.cfn import ACCOUNT, REGION, TEMPLATE, Resolver, translate

DIGEST = "a" * 64
FAILURES_ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:ResizeFailuresFunction"
QUEUE_ARN = f"arn:aws:sqs:{REGION}:{ACCOUNT}:ResizeDeadLetterQueue"


@pytest.fixture(scope="module")
def translated() -> dict:
    return translate()


def _resources(translated: dict, **parameters) -> dict:
    return Resolver(translated, {"ApiTokenSha256": DIGEST, **parameters}).resources()


def _statements(resources: dict, role: str) -> list[dict]:
    return [s for p in resources[role]["Properties"].get("Policies", [])
            for s in p["PolicyDocument"]["Statement"]]


def _permissions(resources: dict) -> dict[str, dict]:
    return {name: r["Properties"] for name, r in resources.items()
            if r["Type"] == "AWS::Lambda::Permission"}


def test_the_open_function_url_has_both_public_invoke_permissions(translated):
    resources = _resources(translated)
    assert resources["PresignFunctionUrl"]["Properties"]["AuthType"] == "NONE"
    assert "ApiDistribution" not in resources and "ApiWebAcl" not in resources
    url_permissions = {name: p for name, p in _permissions(resources).items()
                       if name.startswith("PresignUrl")}
    assert url_permissions == {
        "PresignUrlPublicInvoke": {"Action": "lambda:InvokeFunctionUrl",
                                   "FunctionName": "PresignFunction", "Principal": "*",
                                   "FunctionUrlAuthType": "NONE"},
        "PresignUrlPublicInvokeFunction": {"Action": "lambda:InvokeFunction",
                                           "FunctionName": "PresignFunction", "Principal": "*",
                                           "InvokedViaFunctionUrl": True},
    }


def test_behind_cloudfront_only_this_distribution_may_invoke_the_url(translated):
    resources = _resources(translated, FrontDoor="CloudFront")
    assert resources["PresignFunctionUrl"]["Properties"]["AuthType"] == "AWS_IAM"
    distribution = f"arn:aws:cloudfront::{ACCOUNT}:distribution/ApiDistribution"
    url_permissions = {name: p for name, p in _permissions(resources).items()
                       if name.startswith("PresignUrl")}
    assert set(url_permissions) == {"PresignUrlCloudFrontInvoke",
                                    "PresignUrlCloudFrontInvokeFunction"}
    for props in url_permissions.values():
        assert props["Principal"] == "cloudfront.amazonaws.com"
        assert props["SourceArn"] == distribution
    assert {p["Action"] for p in url_permissions.values()} == {
        "lambda:InvokeFunctionUrl", "lambda:InvokeFunction"}
    config = resources["ApiDistribution"]["Properties"]["DistributionConfig"]
    assert config["Origins"][0]["DomainName"] == f"presignfunctionurl.lambda-url.{REGION}.on.aws"
    assert config["WebACLId"] == "ApiWebAcl.Arn"  # us-east-1: the stack makes its own
    code = resources["ApiEdgeAuth"]["Properties"]["FunctionCode"]
    assert f"['{DIGEST}', '']" in code


def test_outside_us_east_1_cloudfront_takes_a_given_web_acl(translated):
    acl = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/thumbdrop/abc"
    resolver = Resolver(translated, {"ApiTokenSha256": DIGEST, "FrontDoor": "CloudFront",
                                     "WebAclArn": acl})
    resources = resolver.resources()
    assert "ApiWebAcl" not in resources
    assert resources["ApiDistribution"]["Properties"]["DistributionConfig"]["WebACLId"] == acl


def test_s3_may_invoke_resize_for_objects_created_under_input(translated):
    resources = _resources(translated)
    permission = resources["ResizeFunctionUploadedPermission"]["Properties"]
    assert permission["Action"] == "lambda:InvokeFunction"
    assert permission["Principal"] == "s3.amazonaws.com"
    assert permission["SourceAccount"] == ACCOUNT
    assert permission["FunctionName"] == "ResizeFunction"
    (notification,) = resources["UploadBucket"]["Properties"]["NotificationConfiguration"][
        "LambdaConfigurations"]
    assert notification["Event"] == "s3:ObjectCreated:*"
    assert notification["Function"] == f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:ResizeFunction"
    assert notification["Filter"]["S3Key"]["Rules"] == [{"Name": "prefix", "Value": "input/"}]
    assert "ResizeFunctionUploadedPermission" in translated["Resources"]["UploadBucket"]["DependsOn"]


def test_resize_gives_up_into_the_failure_function_and_may_invoke_only_it(translated):
    resources = _resources(translated)
    config = resources["ResizeFunctionEventInvokeConfig"]["Properties"]
    assert config["FunctionName"] == "ResizeFunction" and config["Qualifier"] == "$LATEST"
    assert config["MaximumRetryAttempts"] == 2
    assert config["DestinationConfig"] == {"OnFailure": {"Destination": FAILURES_ARN}}
    lambda_grants = [s for s in _statements(resources, "ResizeFunctionRole")
                     if str(s["Action"]).startswith("lambda:")]
    assert lambda_grants == [{"Action": "lambda:InvokeFunction", "Effect": "Allow",
                              "Resource": FAILURES_ARN}]


def test_the_failure_function_may_send_only_to_its_dead_letter_queue(translated):
    resources = _resources(translated)
    config = resources["ResizeFailuresFunctionEventInvokeConfig"]["Properties"]
    assert config["DestinationConfig"] == {"OnFailure": {"Destination": QUEUE_ARN}}
    sqs = [s for s in _statements(resources, "ResizeFailuresFunctionRole")
           if "sqs:" in json.dumps(s["Action"])]
    assert sqs == [{"Action": "sqs:SendMessage", "Effect": "Allow", "Resource": QUEUE_ARN}]
    for role in ("PresignFunctionRole", "ResizeFunctionRole"):
        assert not any("sqs:" in json.dumps(s["Action"]) for s in _statements(resources, role))


def test_roles_get_only_basic_execution_besides_their_inline_policies(translated):
    resources = _resources(translated)
    for role in ("PresignFunctionRole", "ResizeFunctionRole", "ResizeFailuresFunctionRole"):
        assert resources[role]["Properties"]["ManagedPolicyArns"] == [
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]


def test_the_cap_and_the_second_digest_appear_only_when_set(translated):
    default = _resources(translated)["PresignFunction"]["Properties"]
    assert "ReservedConcurrentExecutions" not in default
    assert default["Environment"]["Variables"]["API_TOKEN_SHA256"] == DIGEST
    assert "API_BASE_URL" not in default["Environment"]["Variables"]
    capped = _resources(translated, PresignReservedConcurrency=20,
                        ApiTokenSha256Next="b" * 64)
    props = capped["PresignFunction"]["Properties"]
    assert props["ReservedConcurrentExecutions"] == 20
    assert props["Environment"]["Variables"]["API_TOKEN_SHA256"] == f"{DIGEST},{'b' * 64}"
    assert "PresignThrottlesAlarm" in capped


def _cfn_lint(path: Path) -> subprocess.CompletedProcess:
    cfn_lint = Path(sys.executable).with_name("cfn-lint")
    return subprocess.run([str(cfn_lint), "--regions", REGION, "--", str(path)],
                          check=False, capture_output=True, text=True, timeout=300)


def test_cfn_lint_passes_the_source_and_the_translated_template(translated, tmp_path):
    output = tmp_path / "translated.json"
    output.write_text(json.dumps(translated, indent=1))
    for path in (TEMPLATE, output):
        result = _cfn_lint(path)
        assert result.returncode == 0, f"{path.name}:\n{result.stdout}{result.stderr}"
