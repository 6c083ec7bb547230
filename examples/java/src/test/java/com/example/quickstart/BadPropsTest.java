package com.example.quickstart;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdkhybridconnectivity.AttachPoint;
import io.github.cdkhybridconnectivity.InterconnectConnection;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;

/**
 * A bad prop from Java fails at synth time with the same message as from TypeScript
 * (src/interconnect/interconnect-connection.ts): the value quoted, and what is expected instead.
 */
class BadPropsTest {
    private static InterconnectConnection.Builder connection(final String id) {
        return InterconnectConnection.Builder.create(new Stack(new App(), "Network"), id)
                .environmentId("aws-gcp-us-east4")
                .attachPoint(AttachPoint.directConnectGateway("5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9"));
    }

    private static void assertMessage(final RuntimeException error, final String... parts) {
        for (String part : parts) {
            assertTrue(error.getMessage().contains(part), "expected \"" + part + "\" in: " + error.getMessage());
        }
    }

    @Test
    void aBandwidthThatIsNotMbpsOrGbpsIsQuotedWithWhatIsExpected() {
        RuntimeException error = assertThrows(RuntimeException.class, () -> connection("Bad").bandwidth("1GB").build());
        assertMessage(error, "Invalid bandwidth: '1GB'.", "Expected a number followed by Mbps or Gbps, such as '500Mbps' or '10Gbps'.");
    }

    @Test
    void aMissingBandwidthSaysWhatToSet() {
        RuntimeException error = assertThrows(RuntimeException.class, () -> connection("NoBandwidth").build());
        assertMessage(error, "InterconnectConnection Network/NoBandwidth: bandwidth is required when requesting a new connection",
                "(for example '1Gbps')");
    }
}
