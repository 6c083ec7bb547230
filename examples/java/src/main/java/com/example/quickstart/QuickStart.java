package com.example.quickstart;

import io.github.cdkhybridconnectivity.AttachPoint;
import io.github.cdkhybridconnectivity.InterconnectConnection;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;

public final class QuickStart {
    public static void main(final String[] args) {
        App app = new App();
        Stack stack = new Stack(app, "Network");

        InterconnectConnection connection = InterconnectConnection.Builder.create(stack, "ToGoogleCloud")
                .environmentId("aws-gcp-us-east4")
                .bandwidth("1Gbps")
                .attachPoint(AttachPoint.directConnectGateway("5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9"))
                .description("prod to gcp")
                .build();

        // Bring the activation key to the partner's portal; both sides know the connection by its shared id.
        CfnOutput.Builder.create(stack, "SharedId").value(connection.getSharedId()).build();

        app.synth();
    }
}
