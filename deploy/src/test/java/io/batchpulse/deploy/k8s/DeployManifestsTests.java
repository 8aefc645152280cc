package io.batchpulse.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.deploy.ServiceConfiguration;
import io.batchpulse.deploy.k8s.Kustomization.Yamls;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What can be checked of the services' manifests without a cluster, in every overlay: every
 * service has a Deployment, a Service and a PodDisruptionBudget; every environment variable set
 * is one the service reads ({@link ServiceConfiguration}); every Secret or ConfigMap a container
 * reads is in the overlay or written by an operator the overlay asks for.
 */
class DeployManifestsTests {

    @ParameterizedTest(name = "{0}")
    @MethodSource(Manifests.OVERLAY_SOURCE)
    void everyServiceHasADeploymentAServiceAndADisruptionBudget(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        for (String kind : List.of("Deployment", "Service", "PodDisruptionBudget")) {
            Set<String> names = new TreeSet<>(manifests.ofKind(kind).stream().map(Manifests::name).toList());
            assertThat(names).as(kind).isEqualTo(new TreeSet<>(ServiceConfiguration.SERVICES));
        }
        for (Map<String, Object> budget : manifests.ofKind("PodDisruptionBudget")) {
            Map<String, Object> selector = Yamls.map(Manifests.at(budget, "spec", "selector", "matchLabels"));
            Map<String, Object> deployment = manifests.get("Deployment", Manifests.name(budget));
            assertThat(Yamls.map(Manifests.at(deployment, "spec", "template", "metadata", "labels")))
                    .containsAllEntriesOf(selector);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Manifests.OVERLAY_SOURCE)
    void everyEnvironmentVariableIsReadByTheServiceItIsGivenTo(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
            String service = Manifests.name(deployment);
            ServiceConfiguration config = ServiceConfiguration.of(service);
            for (String variable : explicitEnvironment(deployment)) {
                assertThat(config.reads(variable)).as("%s reads %s", service, variable).isTrue();
            }
        }
        List<String> sharedKeys = new ArrayList<>(Yamls.map(manifests.get("ConfigMap", "batchpulse").get("data")).keySet());
        manifests.ofKind("Secret").stream().filter(secret -> "batchpulse-gateway".equals(Manifests.name(secret)))
                .forEach(secret -> sharedKeys.addAll(Yamls.map(secret.get("stringData")).keySet()));
        for (String key : sharedKeys) {
            assertThat(ServiceConfiguration.readBySome(key)).as("some service reads %s", key).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Manifests.OVERLAY_SOURCE)
    void probesUseActuatorHealthGroups(String overlay) {
        for (Map<String, Object> deployment : Manifests.of(overlay).ofKind("Deployment")) {
            Map<String, Object> container = Manifests.container(deployment);
            assertThat(Manifests.at(container, "readinessProbe", "httpGet", "path"))
                    .isEqualTo("/actuator/health/readiness");
            assertThat(Manifests.at(container, "livenessProbe", "httpGet", "path"))
                    .isEqualTo("/actuator/health/liveness");
            assertThat(Manifests.at(container, "resources", "requests", "memory")).isNotNull();
            assertThat(Manifests.at(container, "resources", "limits", "memory")).isNotNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Manifests.OVERLAY_SOURCE)
    void everySecretAContainerReadsIsInTheOverlayOrWrittenByAnOperator(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        Set<String> provided = new TreeSet<>(manifests.ofKind("Secret").stream().map(Manifests::name).toList());
        // Strimzi writes a Secret per KafkaUser and <cluster>-cluster-ca-cert; CloudNativePG <cluster>-app
        manifests.ofKind("KafkaUser").forEach(user -> provided.add(Manifests.name(user)));
        manifests.ofKind("Kafka").forEach(kafka -> provided.add(Manifests.name(kafka) + "-cluster-ca-cert"));
        manifests.ofKind("Cluster").forEach(cluster -> provided.add(Manifests.name(cluster) + "-app"));
        // the one a real installation brings from its secret store (deploy/README.md)
        Set<String> createdByHand = "production".equals(overlay) ? Set.of("batchpulse-gateway") : Set.of();

        for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
            for (String secret : secretsRead(Manifests.container(deployment))) {
                assertThat(provided.contains(secret) || createdByHand.contains(secret))
                        .as("%s reads Secret %s", Manifests.name(deployment), secret).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Manifests.OVERLAY_SOURCE)
    void anAutoscaledDeploymentLeavesItsReplicaCountToItsAutoscaler(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        Set<String> autoscaled = new TreeSet<>();
        manifests.ofKind("HorizontalPodAutoscaler")
                .forEach(hpa -> autoscaled.add((String) Manifests.at(hpa, "spec", "scaleTargetRef", "name")));
        manifests.ofKind("ScaledObject")
                .forEach(scaled -> autoscaled.add((String) Manifests.at(scaled, "spec", "scaleTargetRef", "name")));

        assertThat(autoscaled).containsExactlyInAnyOrder("generation-worker", "progress-gateway");
        for (String name : autoscaled) {
            assertThat(Manifests.spec(manifests.get("Deployment", name))).as(name).doesNotContainKey("replicas");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Manifests.OVERLAY_SOURCE)
    void theOrchestratorRunsTwoReplicasThatAnUpdateOrADrainNeverTakesBothOf(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        Map<String, Object> spec = Manifests.spec(manifests.get("Deployment", "batch-orchestrator"));

        assertThat(spec).containsEntry("replicas", 2);
        assertThat(Manifests.at(spec, "strategy", "type")).isEqualTo("RollingUpdate");
        assertThat(Manifests.at(spec, "strategy", "rollingUpdate", "maxUnavailable")).isEqualTo(0);
        assertThat(Manifests.spec(manifests.get("PodDisruptionBudget", "batch-orchestrator")))
                .containsEntry("minAvailable", 1);
        // each pod holds its partitions under a name of its own
        assertThat(Yamls.list(Manifests.container(manifests.get("Deployment", "batch-orchestrator")).get("env")))
                .anySatisfy(entry -> assertThat(Manifests.at(entry, "valueFrom", "fieldRef", "fieldPath"))
                        .isEqualTo("metadata.name"));
    }

    private static List<String> explicitEnvironment(Map<String, Object> deployment) {
        Object env = Manifests.container(deployment).get("env");
        return env == null ? List.of() : Yamls.list(env).stream().map(entry -> (String) Yamls.map(entry).get("name")).toList();
    }

    private static Set<String> secretsRead(Map<String, Object> container) {
        Set<String> secrets = new TreeSet<>();
        for (Object entry : Yamls.list(container.getOrDefault("env", List.of()))) {
            Object name = Manifests.at(entry, "valueFrom", "secretKeyRef", "name");
            if (name != null) {
                secrets.add((String) name);
            }
        }
        for (Object entry : Yamls.list(container.getOrDefault("envFrom", List.of()))) {
            Object name = Manifests.at(entry, "secretRef", "name");
            if (name != null) {
                secrets.add((String) name);
            }
        }
        return secrets;
    }
}
