"""A bad prop from Python fails at synth time with the same message as from TypeScript: it quotes the value
and says what is expected (the TypeScript tests: test/interconnect/interconnect-connection.test.ts)."""
import aws_cdk as cdk
import pytest
from cdk_hybrid_connectivity import AttachPoint, InterconnectConnection


@pytest.mark.parametrize("bandwidth, message", [
    ("1 Gbit", "Invalid bandwidth: '1 Gbit'. Expected a number followed by Mbps or Gbps, such as '500Mbps' or '10Gbps'."),
    ("100000Mbps", "Invalid bandwidth: '100000Mbps' is 10 characters long. Expected 1 to 8 characters."),
])
def test_a_bad_bandwidth_is_refused_with_the_typescript_message(bandwidth, message):
    stack = cdk.Stack(cdk.App(), "Network")
    # jsii raises the JavaScript Error as a RuntimeError with its message unchanged.
    with pytest.raises(RuntimeError) as raised:
        InterconnectConnection(stack, "ToGoogleCloud",
            environment_id="aws-gcp-us-east4",
            bandwidth=bandwidth,
            attach_point=AttachPoint.direct_connect_gateway("5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9"),
        )
    assert str(raised.value) == message
