package com.example.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * Reads the cloud assembly that an app's {@code main} just wrote, as the CDK CLI would: Surefire sets
 * CDK_OUTDIR for the test JVM (pom.xml), so {@code app.synth()} writes there.
 */
public final class Assemblies {
    private Assemblies() {
    }

    /** Every stack's template of the assembly in CDK_OUTDIR, by stack id, read at once. */
    @SuppressWarnings("unchecked")
    public static Map<String, Template> templates() {
        String outdir = System.getProperty("cdk.outdir");
        if (outdir == null) {
            throw new IllegalStateException("cdk.outdir is not set: run the tests with Maven (examples/java/pom.xml)");
        }
        Map<String, Template> templates = new LinkedHashMap<>();
        for (CloudFormationStackArtifact stack : new CloudAssembly(outdir).getStacksRecursively()) {
            templates.put(stack.getId(), Template.fromJSON((Map<String, Object>) stack.getTemplate()));
        }
        return templates;
    }

    /** The environment ("account/region") a stack of the assembly in CDK_OUTDIR deploys to. */
    public static String environment(final String stackId) {
        CloudFormationStackArtifact stack = new CloudAssembly(System.getProperty("cdk.outdir")).getStackArtifact(stackId);
        return stack.getEnvironment().getAccount() + "/" + stack.getEnvironment().getRegion();
    }
}
