package com.example.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The demo app (DemoApp, jsii-rosetta's translation of examples/rosetta/demo-app.ts) run from Java as its
 * {@code main}: every construct is in the synthesized templates with the props the app gave it, and the
 * activation key and shared id reach the hand-off stack through CloudFormation exports.
 */
class DemoAppTest {
    private static Map<String, Template> templates;

    @BeforeAll
    static void synthesize() {
        DemoApp.main(new String[0]);
        templates = Assemblies.templates();
    }

    private static Template template(final String stackId) {
        Template template = templates.get(stackId);
        assertTrue(template != null, "the app has no stack " + stackId + "; it has " + templates.keySet());
        return template;
    }

    @Test
    void synthesizesEveryStackInItsOwnAccount() {
        assertEquals(Set.of("HybridNetwork", "PartnerHandoff", "PartnerMoves", "CustomerMoves", "CloudWan"), templates.keySet());
        assertEquals("123456789012/us-east-1", Assemblies.environment("HybridNetwork"));
        assertEquals("123456789012/us-east-1", Assemblies.environment("PartnerMoves"));
        assertEquals("111122223333/us-east-1", Assemblies.environment("CustomerMoves"));
    }

    @Test
    void requestsTheInterconnectConnectionWithItsProps() {
        Template network = template("HybridNetwork");
        network.resourceCountIs("Custom::InterconnectConnection", 1);
        network.hasResourceProperties("Custom::InterconnectConnection", Map.of(
                "Mode", "create",
                "EnvironmentId", "aws-gcp-us-east4",
                "Bandwidth", "1Gbps",
                "AttachPointType", "directConnectGateway",
                "AttachPointValue", "5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9",
                "Description", "prod to gcp",
                "Tags", Map.of("team", "network")));
        // The activation key is a resource of its own, reading the connection it belongs to.
        network.resourceCountIs("Custom::InterconnectConnectionActivationKey", 1);
        network.hasResourceProperties("Custom::InterconnectConnectionActivationKey", Map.of(
                "ConnectionId", Map.of("Fn::GetAtt", List.of(logicalId(network, "Custom::InterconnectConnection"), "ConnectionId"))));
    }

    @Test
    void handsTheSharedIdAndActivationKeyToAnotherStack() {
        Template network = template("HybridNetwork");
        String sharedIdExport = exportOf(network, logicalId(network, "Custom::InterconnectConnection"), "SharedId");
        String activationKeyExport = exportOf(network, logicalId(network, "Custom::InterconnectConnectionActivationKey"), "ActivationKey");

        Template handoff = template("PartnerHandoff");
        handoff.resourceCountIs("AWS::SSM::Parameter", 1);
        handoff.hasResourceProperties("AWS::SSM::Parameter", Map.of(
                "Name", "/network/gcp/shared-id",
                "Value", Map.of("Fn::ImportValue", sharedIdExport)));
        handoff.hasOutput("SharedId", Map.of("Value", Map.of("Fn::ImportValue", sharedIdExport)));
        handoff.hasOutput("ActivationKey", Map.of("Value", Map.of("Fn::ImportValue", activationKeyExport)));
        // The hand-off stack holds no construct, so no provider either.
        handoff.resourceCountIs("AWS::Lambda::Function", 0);
    }

    @Test
    void makesTheDirectConnectMovesInTheAccountsThatMayMakeThem() {
        Template partner = template("PartnerMoves");
        partner.resourceCountIs("Custom::DirectConnectHostedConnectionAssociation", 1);
        partner.hasResourceProperties("Custom::DirectConnectHostedConnectionAssociation", Match.objectLike(Map.of(
                "RemovalBehavior", "RESTORE")));
        partner.hasOutput("HostedWas", Map.of("Value", Map.of("Fn::GetAtt",
                List.of(logicalId(partner, "Custom::DirectConnectHostedConnectionAssociation"), "PreviousParentId"))));

        Template customer = template("CustomerMoves");
        customer.resourceCountIs("Custom::DirectConnectVirtualInterfaceAssociation", 1);
        customer.hasOutput("VifWas", Map.of("Value", Map.of("Fn::GetAtt",
                List.of(logicalId(customer, "Custom::DirectConnectVirtualInterfaceAssociation"), "PreviousConnectionId"))));
        // The alarm a Java user builds from the construct's metric watches the interface on its new connection.
        customer.resourceCountIs("AWS::CloudWatch::Alarm", 1);
        customer.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "Namespace", "AWS/DX",
                "MetricName", "VirtualInterfaceBgpStatus",
                "Dimensions", Match.arrayWith(List.of(
                        Map.of("Name", "ConnectionId", "Value", "dxcon-hosx0006"),
                        Map.of("Name", "VirtualInterfaceId", "Value", "dxvif-hstx0001"))),
                "ComparisonOperator", "LessThanThreshold",
                "Threshold", 1)));
    }

    @Test
    void associatesTheConnectPeer() {
        Template wan = template("CloudWan");
        wan.resourceCountIs("Custom::ConnectPeerAssociation", 1);
        wan.hasResourceProperties("Custom::ConnectPeerAssociation", Match.objectLike(Map.of(
                "GlobalNetworkId", "global-network-0a1b2c3d4e5f60718",
                "ConnectPeerId", "connect-peer-0123456789abcdef0",
                "DeviceId", "device-07f6fd08867abc123",
                "LinkId", "link-11112222aaaabbbb1")));
        wan.hasOutput("PeerState", Map.of("Value", Map.of("Fn::GetAtt",
                List.of(logicalId(wan, "Custom::ConnectPeerAssociation"), "State"))));
    }

    @Test
    void everyCustomResourceOfAStackUsesTheStacksOneProvider() {
        for (Map.Entry<String, Template> entry : templates.entrySet()) {
            Map<String, Map<String, Object>> resources = castResources(entry.getValue().toJSON().get("Resources"));
            Set<Object> tokens = resources.values().stream()
                    .filter(r -> String.valueOf(r.get("Type")).startsWith("Custom::"))
                    .map(r -> properties(r).get("ServiceToken"))
                    .collect(Collectors.toSet());
            if (tokens.isEmpty()) {
                continue;
            }
            assertEquals(1, tokens.size(), entry.getKey() + ": the custom resources use more than one provider: " + tokens);
            Object token = tokens.iterator().next();
            assertTrue(token instanceof Map && ((Map<?, ?>) token).get("Fn::GetAtt") instanceof List,
                    entry.getKey() + ": the ServiceToken is not a function of the stack: " + token);
            String function = String.valueOf(((List<?>) ((Map<?, ?>) token).get("Fn::GetAtt")).get(0));
            assertEquals("AWS::Lambda::Function", resources.get(function).get("Type"), entry.getKey() + ": " + function);
        }
    }

    /** The logical id of the one resource of a type. */
    static String logicalId(final Template template, final String type) {
        Map<String, Map<String, Object>> found = template.findResources(type);
        assertEquals(1, found.size(), "resources of type " + type + ": " + found.keySet());
        return found.keySet().iterator().next();
    }

    /** The export name of the output whose value is the attribute of a resource. */
    private static String exportOf(final Template template, final String logicalId, final String attribute) {
        Map<String, Map<String, Object>> outputs = template.findOutputs("*", Map.of(
                "Value", Map.of("Fn::GetAtt", List.of(logicalId, attribute))));
        assertEquals(1, outputs.size(), "outputs of " + logicalId + "." + attribute + ": " + outputs.keySet());
        Object export = outputs.values().iterator().next().get("Export");
        assertTrue(export instanceof Map, logicalId + "." + attribute + " is not exported");
        return String.valueOf(((Map<?, ?>) export).get("Name"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> castResources(final Object resources) {
        return (Map<String, Map<String, Object>>) resources;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(final Map<String, Object> resource) {
        Object properties = resource.get("Properties");
        return properties instanceof Map ? (Map<String, Object>) properties : Map.of();
    }
}
