"""The example app's templates, as Python synthesizes them: every construct is there with its key properties,
the activation key and the shared id cross from HybridNetwork to PartnerHandoff through exports, and every
template equals the committed snapshot (the provider's resources by type only, asset hashes masked)."""
import json
import re

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Match, Template

from conftest import EXAMPLE

SNAPSHOT = EXAMPLE / "tests" / "demo_app.snapshot.json"
STACKS = ["HybridNetwork", "PartnerHandoff", "PartnerMoves", "CustomerMoves", "CloudWan"]
# Where the demo deploys them (local/demo.ts): the Direct Connect Partner's account, and the customer's for
# the customer's own virtual interface.
PARTNER_ACCOUNT = "123456789012"
CUSTOMER_ACCOUNT = "111122223333"
# The S3 key of an asset is its content hash, which changes with every handler change.
ASSET_HASH = re.compile(r"[0-9a-f]{64}")


def stack(app, name) -> cdk.Stack:
    return cdk.Stack.of(app.node.find_child(name))


def template(app, name) -> Template:
    return Template.from_stack(stack(app, name))


def test_the_app_has_the_demo_stacks_in_the_demo_accounts(demo_app, demo_assembly):
    assert sorted(s.stack_name for s in demo_assembly.stacks) == sorted(STACKS)
    where = {s.stack_name: (s.environment.account, s.environment.region) for s in demo_assembly.stacks}
    assert where == {
        "HybridNetwork": (PARTNER_ACCOUNT, "us-east-1"),
        "PartnerHandoff": (PARTNER_ACCOUNT, "us-east-1"),
        "PartnerMoves": (PARTNER_ACCOUNT, "us-east-1"),
        "CustomerMoves": (CUSTOMER_ACCOUNT, "us-east-1"),
        "CloudWan": (PARTNER_ACCOUNT, "us-east-1"),
    }


def test_interconnect_connection(demo_app):
    t = template(demo_app, "HybridNetwork")
    t.resource_count_is("Custom::InterconnectConnection", 1)
    t.has_resource_properties("Custom::InterconnectConnection", {
        "Mode": "create",
        "EnvironmentId": "aws-gcp-us-east4",
        "Bandwidth": "1Gbps",
        "AttachPointType": "directConnectGateway",
        "AttachPointValue": "5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9",
        "Description": "prod to gcp",
        "Tags": {"team": "network"},
    })
    # The activation key is a resource of its own, read from the connection.
    t.resource_count_is("Custom::InterconnectConnectionActivationKey", 1)
    connection_id = list(t.find_resources("Custom::InterconnectConnection"))[0]
    t.has_resource_properties("Custom::InterconnectConnectionActivationKey", {
        "ConnectionId": {"Fn::GetAtt": [connection_id, "ConnectionId"]},
    })


def test_activation_key_and_shared_id_cross_stacks_through_exports(demo_app):
    network = template(demo_app, "HybridNetwork").to_json()
    exports = {o["Export"]["Name"]: o["Value"] for o in network["Outputs"].values() if "Export" in o}
    handoff = template(demo_app, "PartnerHandoff")
    handoff_json = handoff.to_json()

    def exported_value(output):
        imported = handoff_json["Outputs"][output]["Value"]["Fn::ImportValue"]
        assert imported in exports, f"PartnerHandoff's {output} imports {imported}, which HybridNetwork does not export"
        return exports[imported]

    shared_id = exported_value("SharedId")["Fn::GetAtt"]
    activation_key = exported_value("ActivationKey")["Fn::GetAtt"]
    assert network["Resources"][shared_id[0]]["Type"] == "Custom::InterconnectConnection" and shared_id[1] == "SharedId"
    assert network["Resources"][activation_key[0]]["Type"] == "Custom::InterconnectConnectionActivationKey"
    assert activation_key[1] == "ActivationKey"
    # The platform team's parameter holds the shared id, imported the same way.
    handoff.resource_count_is("AWS::SSM::Parameter", 1)
    handoff.has_resource_properties("AWS::SSM::Parameter", {
        "Name": "/network/gcp/shared-id",
        "Value": handoff_json["Outputs"]["SharedId"]["Value"],
    })
    # The hand-off stack needs no provider of its own: it only reads.
    assert not handoff.find_resources("AWS::Lambda::Function")


def test_direct_connect_moves(demo_app):
    partner = template(demo_app, "PartnerMoves")
    partner.resource_count_is("Custom::DirectConnectHostedConnectionAssociation", 1)
    partner.has_resource_properties("Custom::DirectConnectHostedConnectionAssociation", {
        "ConnectionId": "dxcon-hosx0001",
        "ParentConnectionId": "dxlag-lagx0001",
        "RemovalBehavior": "RESTORE",
    })
    partner.has_output("HostedWas", {"Value": {"Fn::GetAtt": [Match.any_value(), "PreviousParentId"]}})

    customer = template(demo_app, "CustomerMoves")
    customer.resource_count_is("Custom::DirectConnectVirtualInterfaceAssociation", 1)
    customer.has_resource_properties("Custom::DirectConnectVirtualInterfaceAssociation", {
        "VirtualInterfaceId": "dxvif-hstx0001",
        "ConnectionId": "dxcon-hosx0006",
    })
    customer.has_output("VifWas", {"Value": {"Fn::GetAtt": [Match.any_value(), "PreviousConnectionId"]}})


def test_connect_peer_association(demo_app):
    t = template(demo_app, "CloudWan")
    t.resource_count_is("Custom::ConnectPeerAssociation", 1)
    t.has_resource_properties("Custom::ConnectPeerAssociation", {
        "GlobalNetworkId": "global-network-0a1b2c3d4e5f60718",
        "ConnectPeerId": "connect-peer-0123456789abcdef0",
        "DeviceId": "device-07f6fd08867abc123",
        "LinkId": "link-11112222aaaabbbb1",
    })
    t.has_output("PeerState", {"Value": {"Fn::GetAtt": [Match.any_value(), "State"]}})


@pytest.mark.parametrize("name", ["HybridNetwork", "PartnerMoves", "CustomerMoves", "CloudWan"])
def test_one_provider_per_stack_runs_the_one_handler_bundle(demo_app, name):
    t = template(demo_app, name)
    t.resource_count_is("AWS::StepFunctions::StateMachine", 1)
    # The bundle's two exports (index.onEvent, index.isComplete), each the handler of one of our functions.
    for handler in ("index.onEvent", "index.isComplete"):
        functions = t.find_resources("AWS::Lambda::Function", {"Properties": {"Handler": handler}})
        assert len(functions) == 1, f"{name}: {len(functions)} functions with Handler {handler}"
    bundle_keys = {json.dumps(f["Properties"]["Code"]["S3Key"]) for f in
                   t.find_resources("AWS::Lambda::Function", {"Properties": {"Handler": Match.string_like_regexp(r"^index\.(onEvent|isComplete)$")}}).values()}
    assert len(bundle_keys) == 1, f"{name}: onEvent and isComplete run different assets: {bundle_keys}"


def snapshot_of(template_json):
    """What the app itself defines, in full: every resource but the provider's, the outputs, the parameters.
    The provider's own resources (logical ids CdkHybridConnectivityProvider...) by type only: their
    policies and settings are the library's, tested by its own snapshots (test/integ), not this app's."""
    resources = {
        logical_id: {"Type": r["Type"]} if logical_id.startswith("CdkHybridConnectivityProvider") else r
        for logical_id, r in template_json["Resources"].items()
    }
    value = {"Resources": resources, "Outputs": template_json.get("Outputs", {}), "Parameters": template_json.get("Parameters", {})}
    return json.loads(ASSET_HASH.sub("<asset hash>", json.dumps(value)))


def test_templates_match_the_snapshot(demo_app, request):
    templates = {name: snapshot_of(template(demo_app, name).to_json()) for name in STACKS}
    if request.config.getoption("--snapshot-update"):
        SNAPSHOT.write_text(json.dumps(templates, indent=1, sort_keys=True) + "\n")
        pytest.skip(f"wrote {SNAPSHOT.relative_to(EXAMPLE)}")
    assert SNAPSHOT.exists(), f"no snapshot: run `npx projen examples:python:snapshot` and commit {SNAPSHOT.relative_to(EXAMPLE)}"
    expected = json.loads(SNAPSHOT.read_text())
    for name in STACKS:
        assert templates[name] == expected.get(name), (
            f"{name}'s template differs from the snapshot: if the change is intended, run "
            "`npx projen examples:python:snapshot`, review the diff and commit it")
