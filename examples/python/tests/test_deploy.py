"""The cloud assembly the Python app synthesized deploys to the local emulator through the lifecycle runner,
as the TypeScript demo's does (local/demo.ts), and destroys cleanly: local/deploy-assembly.ts starts a fresh
emulator, deploys every stack through the bundled handlers, destroys them, and reports the emulator's state
before, between and after."""
import json
import os
import re
import subprocess

import pytest

from conftest import ROOT

PARTNER_ACCOUNT = "123456789012"
CUSTOMER_ACCOUNT = "111122223333"
MASK = "****"  # what local/deploy-assembly.ts writes in place of an activation key the emulator issued


@pytest.fixture(scope="module")
def deployed(demo_assembly, tmp_path_factory):
    summary_file = tmp_path_factory.mktemp("deploy") / "summary.json"
    ts_node = ROOT / "node_modules" / ".bin" / "ts-node"
    assert ts_node.exists(), "the repository's npm packages are not installed: run `npm install` at its root"
    # Type-checked with the rest of local/ by `npm test` (tsc, eslint); transpiled only here, to start quickly.
    result = subprocess.run(
        [str(ts_node), "--project", "tsconfig.dev.json", "--transpile-only", "local/deploy-assembly.ts",
         demo_assembly.directory, "--summary", str(summary_file)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, "TS_NODE_TRANSPILE_ONLY": "true"},
    )
    print(result.stderr[-6000:])
    assert summary_file.exists(), f"deploy-assembly wrote no summary (exit {result.returncode}):\n{result.stderr[-3000:]}"
    summary = json.loads(summary_file.read_text())
    assert result.returncode == 0, f"deploy or destroy failed: deploy {summary['deploy']}, destroy {summary.get('destroy')}"
    return summary


def hosted_connection(state, connection_id):
    return next(c for c in state["directconnect"]["hostedConnections"] if c["connectionId"] == connection_id)


def virtual_interface(state, vif_id):
    return next(v for v in state["directconnect"]["virtualInterfaces"] if v["virtualInterfaceId"] == vif_id)


@pytest.mark.deploy
def test_every_stack_deploys_in_its_account(deployed):
    assert deployed["deploy"]["ok"], deployed["deploy"]
    assert {name: s["account"] for name, s in deployed["stacks"].items()} == {
        "HybridNetwork": PARTNER_ACCOUNT, "PartnerHandoff": PARTNER_ACCOUNT, "PartnerMoves": PARTNER_ACCOUNT,
        "CustomerMoves": CUSTOMER_ACCOUNT, "CloudWan": PARTNER_ACCOUNT,
    }
    # PartnerHandoff imports HybridNetwork's exports, so it deploys after it.
    assert "HybridNetwork" in deployed["stacks"]["PartnerHandoff"]["dependencies"]


@pytest.mark.deploy
def test_the_connection_is_requested_and_its_key_and_shared_id_reach_the_handoff_stack(deployed):
    connections = deployed["emulator"]["afterDeploy"]["interconnect"]["connections"]
    assert len(connections) == 1, connections
    connection = connections[0]
    assert (connection["environmentId"], connection["bandwidth"], connection["description"]) == \
        ("aws-gcp-us-east4", "1Gbps", "prod to gcp")
    assert connection["tags"]["team"] == "network"
    resource = next(r for r in deployed["stacks"]["HybridNetwork"]["resources"] if r["type"] == "Custom::InterconnectConnection")
    assert resource["physicalId"] == connection["id"]

    outputs = deployed["stacks"]["PartnerHandoff"]["outputs"]
    assert re.fullmatch(r"[0-9a-f-]{36}", outputs["SharedId"]) and outputs["SharedId"] == connection["sharedId"]
    # The output was one of the keys the emulator issued (so it was masked), and the connection's own one.
    assert outputs["ActivationKey"] == MASK and connection["activationKey"] == MASK


@pytest.mark.deploy
def test_the_direct_connect_moves_and_the_connect_peer_association_are_made(deployed):
    before, after = deployed["emulator"]["beforeDeploy"], deployed["emulator"]["afterDeploy"]
    assert hosted_connection(before, "dxcon-hosx0001")["parentId"] != "dxlag-lagx0001"
    assert hosted_connection(after, "dxcon-hosx0001")["parentId"] == "dxlag-lagx0001"
    assert deployed["stacks"]["PartnerMoves"]["outputs"]["HostedWas"] == hosted_connection(before, "dxcon-hosx0001")["parentId"]

    assert virtual_interface(before, "dxvif-hstx0001")["connectionId"] != "dxcon-hosx0006"
    assert virtual_interface(after, "dxvif-hstx0001")["connectionId"] == "dxcon-hosx0006"
    assert deployed["stacks"]["CustomerMoves"]["outputs"]["VifWas"] == virtual_interface(before, "dxvif-hstx0001")["connectionId"]

    associations = after["networkmanager"]["connectPeerAssociations"]
    peer = next(a for a in associations if a["ConnectPeerId"] == "connect-peer-0123456789abcdef0")
    assert (peer["DeviceId"], peer["LinkId"]) == ("device-07f6fd08867abc123", "link-11112222aaaabbbb1")
    assert deployed["stacks"]["CloudWan"]["outputs"]["PeerState"] == peer["State"]


def retained_connections(demo_assembly):
    """The physical ids the destroy must keep: connections whose template says DeletionPolicy Retain."""
    template = demo_assembly.get_stack_by_name("HybridNetwork").template
    return {logical_id for logical_id, r in template["Resources"].items()
            if r["Type"] == "Custom::InterconnectConnection" and r.get("DeletionPolicy") == "Retain"}


@pytest.mark.deploy
def test_destroy_leaves_nothing_behind_but_what_the_template_retains(deployed, demo_assembly):
    assert deployed["destroy"]["ok"], deployed["destroy"]
    before, after = deployed["emulator"]["beforeDeploy"], deployed["emulator"]["afterDestroy"]
    resources = {r["logicalId"]: r["physicalId"] for r in deployed["stacks"]["HybridNetwork"]["resources"]}
    retained = retained_connections(demo_assembly)
    for logical_id in retained:
        assert f"HybridNetwork/{logical_id} retain succeeded" in deployed["destroy"]["events"]
    assert sorted(c["id"] for c in after["interconnect"]["connections"]) == sorted(resources[i] for i in retained)
    assert after["interconnect"]["proposals"] == []
    assert after["networkmanager"]["connectPeerAssociations"] == []
    assert after["iotwireless"]["partnerAccounts"] == []
    assert after["secretsmanager"]["secrets"] == before["secretsmanager"]["secrets"]
    # RESTORE moves the hosted connection back to where it was; the virtual interface stays (RETAIN).
    assert hosted_connection(after, "dxcon-hosx0001")["parentId"] == hosted_connection(before, "dxcon-hosx0001")["parentId"]
    assert virtual_interface(after, "dxvif-hstx0001")["connectionId"] == "dxcon-hosx0006"
