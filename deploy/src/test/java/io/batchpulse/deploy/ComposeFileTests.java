package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What can be checked of deploy/compose.yaml without a Docker engine: it parses (anchors and
 * merge keys resolved as Compose resolves them), it has the broker, the database and every
 * service at the expected scale, each Batchpulse container is given only variables its service
 * reads ({@link ServiceConfiguration}), host ports do not clash, and every container has a
 * health check that the services it feeds wait for.
 */
class ComposeFileTests {

    private static final Map<String, String> MODULES = Map.of(
            "orchestrator", "batch-orchestrator",
            "worker-1", "generation-worker", "worker-2", "generation-worker",
            "gateway-1", "progress-gateway", "gateway-2", "progress-gateway");

    @Test
    void hasKafkaPostgresAndTheServicesWithTwoWorkersAndTwoGateways() {
        Map<String, Object> services = services();
        assertThat(services).containsKeys("kafka", "postgres");
        assertThat(services).containsKeys(MODULES.keySet().toArray(String[]::new));
        assertThat((String) service("kafka").get("image")).startsWith("apache/kafka:");
        assertThat((String) service("postgres").get("image")).startsWith("postgres:");
        assertThat(environment(service("kafka"))).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
        MODULES.forEach((name, module) -> assertThat((String) service(name).get("image"))
                .as(name).startsWith("batchpulse/" + module + ":"));
    }

    @Test
    void everyVariableIsReadByTheServiceItIsGivenTo() {
        for (Map.Entry<String, String> entry : MODULES.entrySet()) {
            ServiceConfiguration config = ServiceConfiguration.of(entry.getValue());
            Map<String, Object> environment = environment(service(entry.getKey()));
            assertThat(environment).as(entry.getKey()).containsKey("KAFKA_BOOTSTRAP_SERVERS");
            for (String variable : environment.keySet()) {
                assertThat(config.reads(variable)).as("%s reads %s", entry.getValue(), variable).isTrue();
            }
        }
        assertThat(environment(service("orchestrator"))).containsKeys("SPRING_DATASOURCE_URL",
                "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD");
        assertThat(environment(service("gateway-1"))).containsEntry("ORCHESTRATOR_URL", "http://orchestrator:8081");
        assertThat(environment(service("worker-1")).get("WORKER_ID"))
                .isNotEqualTo(environment(service("worker-2")).get("WORKER_ID"));
    }

    @Test
    void hostPortsDoNotClash() {
        Set<String> taken = new HashSet<>();
        for (Map.Entry<String, Object> entry : services().entrySet()) {
            for (Object port : list(map(entry.getValue()).get("ports"))) {
                String host = String.valueOf(port).split(":")[0];
                assertThat(taken.add(host)).as("host port %s of %s is free", host, entry.getKey()).isTrue();
            }
        }
        assertThat(taken).contains("8080", "8081", "29092");
    }

    @Test
    void everyContainerHasAHealthCheckAndDependentsWaitForIt() {
        Map<String, Object> services = services();
        for (Map.Entry<String, Object> entry : services.entrySet()) {
            Map<String, Object> service = map(entry.getValue());
            assertThat(service).as(entry.getKey()).containsKey("healthcheck");
            assertThat(list(map(service.get("healthcheck")).get("test"))).as(entry.getKey()).isNotEmpty();
            Object dependsOn = service.get("depends_on");
            if (dependsOn != null) {
                map(dependsOn).forEach((dependency, condition) -> {
                    assertThat(services).as("%s depends on %s", entry.getKey(), dependency).containsKey(dependency);
                    assertThat(map(condition)).containsEntry("condition", "service_healthy");
                });
            }
        }
        MODULES.keySet().forEach(name -> assertThat(String.join(" ", strings(map(service(name).get("healthcheck"))
                .get("test")))).as(name).contains("/actuator/health/readiness"));
        assertThat(map(service("orchestrator").get("depends_on"))).containsKeys("kafka", "postgres");
    }

    private static Map<String, Object> services() {
        try {
            Map<String, Object> compose = new Yaml().load(
                    Files.readString(ServiceConfiguration.HOME.resolve("deploy/compose.yaml")));
            return map(compose.get("services"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> service(String name) {
        return map(services().get(name));
    }

    private static Map<String, Object> environment(Map<String, Object> service) {
        return map(service.getOrDefault("environment", Map.of()));
    }

    private static List<String> strings(Object value) {
        List<String> strings = new ArrayList<>();
        list(value).forEach(item -> strings.add(String.valueOf(item)));
        return strings;
    }

    private static List<?> list(Object value) {
        return value == null ? List.of() : (List<?>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
