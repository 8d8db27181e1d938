"""backend/template.yaml as CloudFormation sees it: read, translated by the SAM translator, and
resolved for one set of parameters (the intrinsic functions the template uses, evaluated the
way CloudFormation does, so the IAM policies can be given to moto as real JSON documents)."""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import ClassVar

import yaml

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "backend" / "template.yaml"

ACCOUNT = "123456789012"
REGION = "us-east-1"
STACK_UUID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
STACK_ID = f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/thumbdrop/{STACK_UUID}"
UPLOAD_BUCKET = f"thumbdrop-upload-{STACK_UUID}"
OUTPUT_BUCKET = f"thumbdrop-output-{STACK_UUID}"
PSEUDO = {"AWS::AccountId": ACCOUNT, "AWS::Region": REGION, "AWS::Partition": "aws",
          "AWS::StackId": STACK_ID, "AWS::StackName": "thumbdrop", "AWS::URLSuffix": "amazonaws.com"}
# What the translator's managed-policy lookup would fetch from IAM.
MANAGED_POLICIES = {
    "AWSLambdaBasicExecutionRole":
        "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
}


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
    if tag_suffix == "Ref":
        return {"Ref": value}
    if tag_suffix == "Condition":
        return {"Condition": value}
    return {f"Fn::{tag_suffix}": value}


_CfnLoader.add_multi_constructor("!", _short_tag)


def load_template(path: Path = TEMPLATE) -> dict:
    return yaml.load(path.read_text(), Loader=_CfnLoader)


def translate(template: dict | None = None) -> dict:
    """The CloudFormation template `sam deploy` would submit (code locations stubbed, as
    `sam validate` stubs them: the translator wants S3 URIs, not local folders)."""
    from samtranslator.translator.transform import transform

    class _Policies:
        def load(self):
            return dict(MANAGED_POLICIES)

    document = copy.deepcopy(template or load_template())
    document["Globals"]["Function"]["CodeUri"] = "s3://thumbdrop-artifacts/code.zip"
    previous = os.environ.get("AWS_DEFAULT_REGION")
    os.environ["AWS_DEFAULT_REGION"] = REGION  # the translator asks boto for a region
    try:
        return transform(document, {}, _Policies())
    finally:
        if previous is None:
            del os.environ["AWS_DEFAULT_REGION"]
        else:
            os.environ["AWS_DEFAULT_REGION"] = previous


class Resolver:
    """Evaluates the intrinsic functions of a translated template for given parameter values.

    Resources resolve to stand-in physical ids: buckets to their names, ARNs built from the
    logical id. That is all the IAM and wiring checks need."""

    NO_VALUE = object()

    def __init__(self, template: dict, parameters: dict | None = None):
        self.template = template
        self.parameters = {name: spec.get("Default") for name, spec in
                           template.get("Parameters", {}).items()}
        self.parameters.update(parameters or {})
        missing = [name for name, value in self.parameters.items() if value is None]
        if missing:
            raise ValueError(f"parameters without a value: {missing}")
        self._conditions: dict[str, bool] = {}

    # -- conditions -------------------------------------------------------------------------
    def condition(self, name: str) -> bool:
        if name not in self._conditions:
            self._conditions[name] = bool(self.value(self.template["Conditions"][name]))
        return self._conditions[name]

    def resources(self) -> dict[str, dict]:
        """Every resource that exists under these parameters, resolved."""
        return {name: self.value(resource) for name, resource in self.template["Resources"].items()
                if "Condition" not in resource or self.condition(resource["Condition"])}

    # -- values -----------------------------------------------------------------------------
    def value(self, node):
        resolved = self._value(node)
        return None if resolved is self.NO_VALUE else resolved

    def _value(self, node):
        if isinstance(node, list):
            return [v for v in (self._value(item) for item in node) if v is not self.NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (key, arg), = node.items()
            function = self._FUNCTIONS.get(key)
            if function is not None:
                return function(self, arg)
        return {k: v for k, v in ((k, self._value(v)) for k, v in node.items())
                if v is not self.NO_VALUE}

    def _ref(self, name: str):
        if name == "AWS::NoValue":
            return self.NO_VALUE
        if name in PSEUDO:
            return PSEUDO[name]
        if name in self.parameters:
            return self.parameters[name]
        resource = self.template["Resources"][name]
        if resource["Type"] == "AWS::S3::Bucket":
            return self.value(resource["Properties"]["BucketName"])
        if resource["Type"] == "AWS::SQS::Queue":
            return f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{name}"
        return name

    def _get_att(self, arg):
        name, attribute = arg if isinstance(arg, list) else arg.split(".", 1)
        resource = self.template["Resources"][name]
        kind = resource["Type"]
        if kind == "AWS::S3::Bucket":
            bucket = self._ref(name)
            return {"Arn": f"arn:aws:s3:::{bucket}",
                    "RegionalDomainName": f"{bucket}.s3.{REGION}.amazonaws.com"}[attribute]
        if kind == "AWS::SQS::Queue":
            return {"Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}", "QueueName": name}[attribute]
        if kind == "AWS::Lambda::Function" and attribute == "Arn":
            return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"
        if kind == "AWS::Lambda::Url" and attribute == "FunctionUrl":
            return f"https://{name.lower()}.lambda-url.{REGION}.on.aws/"
        if kind == "AWS::IAM::Role" and attribute == "Arn":
            return f"arn:aws:iam::{ACCOUNT}:role/{name}"
        return f"{name}.{attribute}"

    def _sub(self, arg):
        text, variables = (arg, {}) if isinstance(arg, str) else arg
        values = {k: self.value(v) for k, v in variables.items()}
        out, rest = [], text
        while "${" in rest:
            before, _, tail = rest.partition("${")
            name, _, rest = tail.partition("}")
            out.append(before)
            if name.startswith("!"):
                out.append("${" + name[1:] + "}")
            elif name in values:
                out.append(str(values[name]))
            elif "." in name and name.split(".", 1)[0] in self.template["Resources"]:
                out.append(str(self._get_att(name)))
            else:
                out.append(str(self._ref(name)))
        return "".join(out) + rest

    def _if(self, arg):
        name, then, otherwise = arg
        return self._value(then if self.condition(name) else otherwise)

    _FUNCTIONS: ClassVar[dict] = {
        "Ref": _ref,
        "Fn::GetAtt": _get_att,
        "Fn::Sub": _sub,
        "Fn::If": _if,
        "Fn::Select": lambda self, a: self.value(a[1])[int(self.value(a[0]))],
        "Fn::Split": lambda self, a: self.value(a[1]).split(a[0]),
        "Fn::Join": lambda self, a: a[0].join(str(v) for v in self.value(a[1])),
        "Fn::Equals": lambda self, a: str(self.value(a[0])) == str(self.value(a[1])),
        "Fn::Not": lambda self, a: not self.value(a[0]),
        "Fn::And": lambda self, a: all(self.value(c) for c in a),
        "Fn::Or": lambda self, a: any(self.value(c) for c in a),
        "Condition": lambda self, a: self.condition(a),
    }


def role_policies(resources: dict[str, dict], function: str) -> dict[str, dict]:
    """The inline policies (name -> document) of a function's execution role, resolved."""
    role = resources[f"{function}Role"]["Properties"]
    return {policy["PolicyName"]: policy["PolicyDocument"] for policy in role.get("Policies", [])}
