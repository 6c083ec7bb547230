package com.example.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.demo.Assemblies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The README's Java quick start is this project's QuickStart.java, character for character, and it
 * synthesizes the connection it promises.
 */
class QuickStartTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root", "../.."));

    /** The README's first ```java block. */
    private static String readmeJavaQuickStart() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher block = Pattern.compile("(?m)^```java\\R((?:.*\\R)*?)```$").matcher(readme);
        assertTrue(block.find(), "README.md has no ```java block");
        return block.group(1);
    }

    @Test
    void theReadmeShowsThisCode() throws IOException {
        String source = Files.readString(ROOT.resolve("examples/java/src/main/java/com/example/quickstart/QuickStart.java"));
        assertEquals(source, readmeJavaQuickStart(),
                "README.md's Java quick start and examples/java/.../QuickStart.java differ: change both together");
    }

    @Test
    void theReadmeNamesTheArtifactThisProjectDependsOn() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String pom = Files.readString(ROOT.resolve("examples/java/pom.xml"));
        for (String coordinate : List.of("io.github.cdk-hybrid-connectivity:cdk-hybrid-connectivity", "software.amazon.awscdk:aws-cdk-lib")) {
            String[] parts = coordinate.split(":");
            assertTrue(pom.contains("<groupId>" + parts[0] + "</groupId>\n      <artifactId>" + parts[1] + "</artifactId>"),
                    "examples/java/pom.xml does not depend on " + coordinate);
            assertTrue(readme.contains("`" + coordinate + "`"), "README.md does not name " + coordinate);
        }
    }

    @Test
    void synthesizesTheConnectionAndItsSharedIdOutput() {
        QuickStart.main(new String[0]);
        Map<String, Template> templates = Assemblies.templates();
        assertEquals(List.of("Network"), List.copyOf(templates.keySet()));
        Template network = templates.get("Network");
        network.resourceCountIs("Custom::InterconnectConnection", 1);
        network.hasResourceProperties("Custom::InterconnectConnection", Map.of(
                "EnvironmentId", "aws-gcp-us-east4",
                "Bandwidth", "1Gbps",
                "AttachPointType", "directConnectGateway",
                "AttachPointValue", "5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9",
                "Description", "prod to gcp"));
        String connection = network.findResources("Custom::InterconnectConnection").keySet().iterator().next();
        network.hasOutput("SharedId", Map.of("Value", Map.of("Fn::GetAtt", List.of(connection, "SharedId"))));
    }
}
