package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What can be checked of the Kubernetes manifests without a cluster: they parse, and every
 * environment variable they set is one the service reads ({@link ServiceConfiguration}).
 */
class DeployManifestsTests {

    @Test
    void everyManifestParsesAndEveryServiceHasOne() throws IOException {
        Set<String> deployed = new TreeSet<>();
        for (Map<String, Object> document : documents()) {
            assertThat(document).containsKeys("apiVersion", "kind", "metadata");
            if ("Deployment".equals(document.get("kind"))) {
                deployed.add(name(document));
            }
        }
        assertThat(deployed).isEqualTo(new TreeSet<>(ServiceConfiguration.SERVICES));
    }

    @Test
    void everyEnvironmentVariableIsReadByTheServiceItIsGivenTo() throws IOException {
        List<String> configMapKeys = new ArrayList<>();
        for (Map<String, Object> document : documents()) {
            if ("ConfigMap".equals(document.get("kind")) || "Secret".equals(document.get("kind"))) {
                Map<String, Object> data = map(document.getOrDefault("data", document.get("stringData")));
                configMapKeys.addAll(data.keySet());
            }
        }
        for (Map<String, Object> deployment : documents()) {
            if (!"Deployment".equals(deployment.get("kind"))) {
                continue;
            }
            String service = name(deployment);
            ServiceConfiguration config = ServiceConfiguration.of(service);
            for (String variable : explicitEnvironment(deployment)) {
                assertThat(config.reads(variable)).as("%s reads %s", service, variable).isTrue();
            }
        }
        for (String key : configMapKeys) {
            assertThat(ServiceConfiguration.readBySome(key)).as("some service reads %s", key).isTrue();
        }
    }

    @Test
    void probesUseActuatorHealthGroups() throws IOException {
        for (Map<String, Object> deployment : documents()) {
            if ("Deployment".equals(deployment.get("kind"))) {
                Map<String, Object> container = container(deployment);
                assertThat(map(map(container.get("readinessProbe")).get("httpGet")).get("path"))
                        .isEqualTo("/actuator/health/readiness");
                assertThat(map(map(container.get("livenessProbe")).get("httpGet")).get("path"))
                        .isEqualTo("/actuator/health/liveness");
            }
        }
    }

    private static List<String> explicitEnvironment(Map<String, Object> deployment) {
        Object env = container(deployment).get("env");
        if (env == null) {
            return List.of();
        }
        return ((List<?>) env).stream().map(entry -> (String) map(entry).get("name")).toList();
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        Map<String, Object> podSpec = map(map(map(deployment.get("spec")).get("template")).get("spec"));
        return map(((List<?>) podSpec.get("containers")).get(0));
    }

    private static String name(Map<String, Object> document) {
        return (String) map(document.get("metadata")).get("name");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static List<Map<String, Object>> documents() throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(ServiceConfiguration.HOME.resolve("deploy/k8s"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object document : new Yaml().loadAll(Files.readString(file))) {
                    documents.add(map(document));
                }
            }
        }
        return documents;
    }
}
