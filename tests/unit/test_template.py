"""Facts about backend/template.yaml that the handlers, the app and the operator depend on.

These read the template as written. tests/deploy/ translates it with the SAM translator (what
CloudFormation receives), lints both forms, and runs the real handlers under the resolved IAM
policies; `make check-deploy` adds checkov and a real `sam build`.
"""

from __future__ import annotations

import ast
import json
import re
import tomllib

import pytest
from packaging.requirements import Requirement

from tests.deploy.cfn import ROOT, load_template

BACKEND = ROOT / "backend"
GIB = 1024 ** 3
SINGLE_PUT_LIMIT = 5 * GIB
FUNCTIONS = {
    "PresignFunction": "backend.presign.handler.handler",
    "ResizeFunction": "backend.resize.handler.handler",
    "ResizeFailuresFunction": "backend.resize.on_failure.handler",
}
# Set by the Lambda runtime itself, or meant only for S3-compatible stores off AWS (the
# built-in backend's GALLERY_ID; on AWS the output bucket's name, unique, names the gallery).
NOT_SET_BY_TEMPLATE = {"AWS_REGION", "S3_ENDPOINT_URL", "S3_ADDRESSING_STYLE", "GALLERY_ID"}
# Tuning knobs whose contract defaults suit AWS; the template leaves them unset.
# S3_POOL_CONNECTIONS: a Lambda container runs one request at a time; the default fits it.
LEFT_AT_DEFAULT = {"MULTIPART_THRESHOLD_BYTES", "MULTIPART_PART_BYTES", "S3_POOL_CONNECTIONS"}


@pytest.fixture(scope="module")
def template() -> dict:
    return load_template()


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


def _env(template: dict, name: str) -> dict:
    return _function(template, name)["Environment"]["Variables"]


def _names_config_reads() -> set[str]:
    """Every variable backend.common.config reads, recorded by running it (no source parsing)."""
    from backend.common import config

    class Recording(dict):
        def get(self, key, default=None):
            seen.add(key)
            return super().get(key, default)

        def __getitem__(self, key):
            seen.add(key)
            return super().__getitem__(key)

    seen: set[str] = set()
    config.load(Recording())
    return seen - {"AWS_DEFAULT_REGION"}


def _text(value) -> str:
    return json.dumps(value, sort_keys=True)


# -- environment ---------------------------------------------------------------------------

def test_config_reads_what_the_architecture_contract_lists():
    contract = (ROOT / "docs" / "ARCHITECTURE.md").read_text()
    listed = set(re.findall(r"^\| ([A-Z][A-Z0-9_]+) \|", contract, flags=re.MULTILINE))
    assert _names_config_reads() == listed


def test_the_template_sets_what_the_handlers_read_and_nothing_else(template):
    read = _names_config_reads()
    assert {"UPLOAD_BUCKET", "API_TOKEN_SHA256", "PENDING_TIMEOUT_SECONDS"} <= read
    for name in FUNCTIONS:
        assert set(_env(template, name)) <= read, name
    assert set(_env(template, "PresignFunction")) == read - NOT_SET_BY_TEMPLATE - LEFT_AT_DEFAULT
    api_only = {"API_TOKEN_SHA256", "API_BASE_URL"}
    for name in ("ResizeFunction", "ResizeFailuresFunction"):
        assert set(_env(template, name)) == read - NOT_SET_BY_TEMPLATE - LEFT_AT_DEFAULT - api_only


def test_the_api_gets_token_digests_and_nothing_else_does(template):
    env = _env(template, "PresignFunction")
    assert env["API_TOKEN_SHA256"] == {"Fn::If": [
        "HasNextToken",
        {"Fn::Join": [",", [{"Ref": "ApiTokenSha256"}, {"Ref": "ApiTokenSha256Next"}]]},
        {"Ref": "ApiTokenSha256"}]}
    for name in ("ResizeFunction", "ResizeFailuresFunction"):
        assert "API_TOKEN_SHA256" not in _env(template, name)
    params = template["Parameters"]
    assert "ApiToken" not in params and '"API_TOKEN"' not in _text(template)
    assert params["ApiTokenSha256"]["AllowedPattern"] == "^[0-9a-f]{64}$"
    assert params["ApiTokenSha256Next"]["AllowedPattern"] == "^([0-9a-f]{64})?$"
    assert params["ApiTokenSha256Next"]["Default"] == ""


def test_buckets_in_env_are_the_template_buckets_and_differ(template):
    env = _env(template, "ResizeFunction")
    upload_name = template["Resources"]["UploadBucket"]["Properties"]["BucketName"]
    output_name = template["Resources"]["OutputBucket"]["Properties"]["BucketName"]
    assert env["UPLOAD_BUCKET"] == upload_name
    assert env["OUTPUT_BUCKET"] == {"Ref": "OutputBucket"}
    assert _text(upload_name) != _text(output_name)


def test_pending_is_reported_failed_only_after_nothing_can_still_process_it(template):
    resources, params = template["Resources"], template["Parameters"]
    resize = resources["ResizeFunction"]["Properties"]
    failures = resources["ResizeFailuresFunction"]["Properties"]
    last_possible_record = (resize["EventInvokeConfig"]["MaximumEventAgeInSeconds"]
                            + resize["Timeout"] + failures["Timeout"])
    assert params["PendingTimeoutSeconds"]["MinValue"] >= last_possible_record
    assert params["PendingTimeoutSeconds"]["Default"] >= last_possible_record
    assert _env(template, "PresignFunction")["PENDING_TIMEOUT_SECONDS"] == {
        "Ref": "PendingTimeoutSeconds"}


# -- functions and their packaging ---------------------------------------------------------

def test_functions_run_python_312_on_arm64_with_handlers_that_exist(template):
    assert template["Globals"]["Function"]["Architectures"] == ["arm64"]
    for name, handler in FUNCTIONS.items():
        function = _function(template, name)
        assert function["Runtime"] == "python3.12"
        assert function["Handler"] == handler
        module, _, attribute = handler.rpartition(".")
        source = ROOT.joinpath(*module.split(".")).with_suffix(".py")
        tree = ast.parse(source.read_text())
        assert any(isinstance(n, ast.FunctionDef) and n.name == attribute for n in tree.body)


def test_build_packages_every_function_for_arm64_from_hashed_pins(template):
    makefile = (BACKEND / "Makefile").read_text()
    platforms = re.findall(r"--platform (\S+)", makefile)
    assert platforms and all(p.endswith("aarch64") for p in platforms)
    assert "--require-hashes" in makefile and "--no-deps" in makefile
    for name in FUNCTIONS:
        assert template["Resources"][name]["Metadata"]["BuildMethod"] == "makefile"
        assert f"build-{name}:" in makefile


def _pins(function: str) -> dict[str, str]:
    """name -> version of every package requirements.txt pins; each must carry hashes."""
    text = (BACKEND / function / "requirements.txt").read_text()
    pins = {}
    for block in re.split(r"\n(?=\S)", text):
        if block.startswith("#") or not block.strip():
            continue
        name, version = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", block).groups()
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", block), f"{name} has no hash"
        pins[name.lower()] = version
    return pins


def _inputs(function: str) -> list[Requirement]:
    lines = (BACKEND / function / "requirements.in").read_text().splitlines()
    return [Requirement(line) for line in lines if line.strip() and not line.startswith("#")]


def test_lambda_requirements_are_pinned_with_hashes_and_within_the_project_ranges():
    project = {Requirement(d).name.lower(): Requirement(d).specifier for d in
               tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]}
    for function in ("presign", "resize"):
        pins = _pins(function)
        for wanted in _inputs(function):
            name = wanted.name.lower()
            assert name in pins, f"{function}: {name} is not pinned"
            assert pins[name] in wanted.specifier
            if name in project:
                assert pins[name] in project[name], f"{name} {pins[name]} outside pyproject"
    assert {"pillow", "pillow-heif", "boto3"} <= set(_pins("resize"))
    assert "pillow" not in _pins("presign")  # no image libraries in the API's bundle


# -- bounds --------------------------------------------------------------------------------

def test_upload_ceiling_fits_tmp_and_a_single_put(template):
    ceiling = template["Parameters"]["MaxUploadBytes"]["MaxValue"]
    assert template["Parameters"]["MaxUploadBytes"]["Default"] == GIB  # the contract's default
    tmp_bytes = _function(template, "ResizeFunction")["EphemeralStorage"]["Size"] * 1024 ** 2
    assert ceiling <= SINGLE_PUT_LIMIT
    # The spooled original plus room for the runtime's own files.
    assert tmp_bytes >= ceiling + 256 * 1024 ** 2


def _worst_case_figures() -> dict[str, set[int]]:
    files = {"template": BACKEND / "template.yaml", "README": ROOT / "README.md",
             "DEPLOY": ROOT / "docs" / "DEPLOY.md", "scale": ROOT / "docs" / "scale.md"}
    return {name: {int(n) for n in re.findall(r"peaks at (\d+) MB", path.read_text())}
            for name, path in files.items()}


def test_one_worst_case_memory_figure_everywhere_and_it_fits(template):
    figures = _worst_case_figures()
    assert all(figures.values()), f"a file lacks the 'peaks at N MB' figure: {figures}"
    (figure,) = set().union(*figures.values())
    memory = _function(template, "ResizeFunction")["MemorySize"]
    assert figure <= memory * 2 / 3  # the default 50 MP cap leaves a third of it free
    # Measured: a 32-bit integer TIFF takes 614 MB in one render at 49 MP, 1197 MB at 100 MP.
    # The ceiling stays where memory holds it.
    assert template["Parameters"]["MaxImagePixels"]["Default"] == 50_000_000
    assert template["Parameters"]["MaxImagePixels"]["MaxValue"] * 614 / 49e6 <= 0.8 * memory


# -- trigger, failures, alarms -------------------------------------------------------------

def test_resize_is_triggered_by_objects_created_under_input_of_the_upload_bucket(template):
    events = template["Resources"]["ResizeFunction"]["Properties"]["Events"]
    (event,) = events.values()
    assert event["Type"] == "S3"
    props = event["Properties"]
    assert props["Bucket"] == {"Ref": "UploadBucket"}
    assert props["Events"] in ("s3:ObjectCreated:*", ["s3:ObjectCreated:*"])
    assert props["Filter"]["S3Key"]["Rules"] == [{"Name": "prefix", "Value": "input/"}]


def test_what_resize_gives_up_on_becomes_a_failed_record_and_the_rest_an_alarm(template):
    resources = template["Resources"]
    invoke = resources["ResizeFunction"]["Properties"]["EventInvokeConfig"]
    assert invoke["MaximumRetryAttempts"] == 2
    assert invoke["DestinationConfig"]["OnFailure"] == {
        "Type": "Lambda", "Destination": {"Fn::GetAtt": ["ResizeFailuresFunction", "Arn"]}}
    fallback = resources["ResizeFailuresFunction"]["Properties"]["EventInvokeConfig"]
    assert fallback["DestinationConfig"]["OnFailure"] == {
        "Type": "SQS", "Destination": {"Fn::GetAtt": ["ResizeDeadLetterQueue", "Arn"]}}
    depth = resources["DeadLetterQueueAlarm"]["Properties"]
    assert depth["Namespace"] == "AWS/SQS"
    assert depth["Dimensions"] == [{"Name": "QueueName", "Value": {
        "Fn::GetAtt": ["ResizeDeadLetterQueue", "QueueName"]}}]
    assert (depth["Threshold"], depth["ComparisonOperator"]) == (0, "GreaterThanThreshold")
    errors = resources["ResizeFailuresErrorsAlarm"]["Properties"]
    assert (errors["Namespace"], errors["MetricName"]) == ("AWS/Lambda", "Errors")
    assert errors["Dimensions"][0]["Value"] == {"Ref": "ResizeFailuresFunction"}


# -- front door, cap, budget ---------------------------------------------------------------

def test_the_front_door_decides_who_may_call_the_function_url(template):
    resources = template["Resources"]
    assert resources["PresignFunctionUrl"]["Properties"]["AuthType"] == {
        "Fn::If": ["UseCloudFront", "AWS_IAM", "NONE"]}
    assert "FunctionUrlConfig" not in resources["PresignFunction"]["Properties"]
    permissions = {name: r for name, r in resources.items()
                   if r["Type"] == "AWS::Lambda::Permission"}
    by_condition: dict[str, set[str]] = {}
    for resource in permissions.values():
        props = resource["Properties"]
        assert props["FunctionName"] == {"Ref": "PresignFunction"}
        by_condition.setdefault(resource["Condition"], set()).add(
            (props["Action"], props["Principal"]))
    assert by_condition == {
        "OpenFunctionUrl": {("lambda:InvokeFunctionUrl", "*"), ("lambda:InvokeFunction", "*")},
        "UseCloudFront": {("lambda:InvokeFunctionUrl", "cloudfront.amazonaws.com"),
                          ("lambda:InvokeFunction", "cloudfront.amazonaws.com")},
    }
    for resource in permissions.values():
        props = resource["Properties"]
        if props["Principal"] != "*":  # only this stack's distribution
            assert "${ApiDistribution}" in _text(props["SourceArn"])


def test_the_edge_refuses_tokens_it_does_not_know_and_hands_the_token_on(template):
    resources = template["Resources"]
    code = resources["ApiEdgeAuth"]["Properties"]["FunctionCode"]["Fn::Sub"]
    assert "'${ApiTokenSha256}', '${ApiTokenSha256Next}'" in code
    assert "createHash('sha256')" in code and "statusCode: 401" in code
    assert "request.headers['x-thumbdrop-authorization']" in code
    distribution = resources["ApiDistribution"]["Properties"]["DistributionConfig"]
    behaviour = distribution["DefaultCacheBehavior"]
    assert behaviour["FunctionAssociations"] == [{
        "EventType": "viewer-request",
        "FunctionARN": {"Fn::GetAtt": ["ApiEdgeAuth", "FunctionMetadata.FunctionARN"]}}]
    assert behaviour["ViewerProtocolPolicy"] == "https-only"
    assert distribution["Origins"][0]["OriginAccessControlId"] == {
        "Fn::GetAtt": ["ApiOriginAccessControl", "Id"]}
    oac = resources["ApiOriginAccessControl"]["Properties"]["OriginAccessControlConfig"]
    assert (oac["OriginAccessControlOriginType"], oac["SigningBehavior"]) == ("lambda", "always")
    (rate,) = [r for r in resources["ApiWebAcl"]["Properties"]["Rules"]
               if "RateBasedStatement" in r["Statement"]]
    assert rate["Action"] == {"Block": {}}
    assert rate["Statement"]["RateBasedStatement"]["Limit"] == {"Ref": "ApiRequestsPer5MinPerIp"}


def test_the_api_cap_is_off_by_default_and_a_flood_throttles_quietly(template):
    param = template["Parameters"]["PresignReservedConcurrency"]
    assert (param["Default"], param["MinValue"]) == (0, 0)
    presign = template["Resources"]["PresignFunction"]["Properties"]
    assert presign["ReservedConcurrentExecutions"] == {
        "Fn::If": ["CapPresign", {"Ref": "PresignReservedConcurrency"}, {"Ref": "AWS::NoValue"}]}
    assert template["Conditions"]["CapPresign"] == {
        "Fn::Not": [{"Fn::Equals": [{"Ref": "PresignReservedConcurrency"}, 0]}]}
    # Refused requests must not pay for three log lines each.
    assert presign["LoggingConfig"]["SystemLogLevel"] == "WARN"
    assert "ReservedConcurrentExecutions" not in _function(template, "ResizeFunction")


def test_budget_and_alarm_mail_are_optional(template):
    resources = template["Resources"]
    assert resources["MonthlyBudget"]["Condition"] == "HasBudget"
    assert resources["AlertTopic"]["Condition"] == "HasAlertEmail"
    assert template["Parameters"]["MonthlyBudgetUsd"]["Default"] == 0
    assert template["Parameters"]["AlertEmail"]["Default"] == ""


# -- buckets -------------------------------------------------------------------------------

def _rules(template: dict, bucket: str) -> list[dict]:
    return template["Resources"][bucket]["Properties"]["LifecycleConfiguration"]["Rules"]


def test_upload_bucket_is_private_and_cleans_up_after_itself(template):
    props = template["Resources"]["UploadBucket"]["Properties"]
    assert set(props["PublicAccessBlockConfiguration"].values()) == {True}
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    rules = _rules(template, "UploadBucket")
    (originals,) = [r for r in rules if "ExpirationInDays" in r]
    assert originals["Prefix"] == "input/"
    assert originals["Status"] == {"Fn::If": ["KeepOriginals", "Disabled", "Enabled"]}
    assert any(r.get("AbortIncompleteMultipartUpload", {}).get("DaysAfterInitiation") == 1
               for r in rules)


def test_tombstones_expire_after_a_day_and_nothing_else_in_output_does(template):
    expiring = [r for r in _rules(template, "OutputBucket") if "ExpirationInDays" in r]
    assert [(r["Prefix"], r["ExpirationInDays"]) for r in expiring] == [("deleted/", 1)]


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
    assert grant["Principal"] == "*" and grant["Action"] == "s3:GetObject"
    prefixes = sorted(r["Fn::Sub"].split("}/", 1)[1] for r in grant["Resource"])
    assert prefixes == ["large/*", "thumbnails/*"]
    unconditional = [s for s in statements if "Fn::If" not in s]
    assert all(s["Effect"] == "Deny" for s in unconditional)


def test_outputs_tell_the_app_where_to_go(template):
    outputs = template["Outputs"]
    assert set(outputs) == {"ApiUrl", "FunctionUrl", "UploadBucketName", "OutputBucketName",
                            "DeadLetterQueueUrl"}
    assert outputs["ApiUrl"]["Value"]["Fn::If"][0] == "UseCloudFront"
    assert outputs["FunctionUrl"]["Value"] == {"Fn::GetAtt": ["PresignFunctionUrl", "FunctionUrl"]}
