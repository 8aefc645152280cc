package io.batchpulse.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchpulse.deploy.k8s.Kustomization.Yamls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every document of every overlay, rendered as kubectl apply -k would, is valid against the
 * schema of its kind: Kubernetes 1.36 for its own kinds, Strimzi 1.2.0, CloudNativePG 1.30.0 and
 * KEDA 2.20.2 for theirs. And the check bites: a misspelt field or a value out of an enum fails.
 */
class ManifestSchemaTests {

    private static final KubernetesSchemas SCHEMAS = new KubernetesSchemas();

    @ParameterizedTest(name = "{0}")
    @MethodSource(Manifests.OVERLAY_SOURCE)
    void everyDocumentOfTheOverlayIsValidAgainstTheSchemaOfItsKind(String overlay) {
        Manifests manifests = Manifests.of(overlay);

        assertThat(manifests.documents()).hasSizeGreaterThan(20);
        for (Map<String, Object> document : manifests.documents()) {
            assertThat(SCHEMAS.validate(document)).as("%s: %s", overlay, Manifests.id(document)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Manifests.OVERLAY_SOURCE)
    void everyNamespacedDocumentLandsInTheOverlaysNamespace(String overlay) {
        Manifests manifests = Manifests.of(overlay);
        String namespace = Manifests.name(manifests.ofKind("Namespace").get(0));

        for (Map<String, Object> document : manifests.documents()) {
            if (!"Namespace".equals(document.get("kind"))) {
                assertThat(Manifests.at(document, "metadata", "namespace")).as(Manifests.id(document))
                        .isEqualTo(namespace);
            }
        }
    }

    @Test
    void aMisspeltFieldOfAKubernetesKindIsRejected() {
        Map<String, Object> deployment = Manifests.of("dev").get("Deployment", "progress-gateway");
        Map<String, Object> container = Manifests.container(deployment);
        container.put("readinesProbe", container.remove("readinessProbe"));

        assertThat(SCHEMAS.validate(deployment)).anyMatch(problem -> problem.contains("readinesProbe"));
    }

    @Test
    void aMisspeltFieldOfACustomResourceIsRejected() {
        Map<String, Object> kafka = Manifests.of("dev").get("Kafka", "batchpulse");
        Map<String, Object> kafkaSpec = Yamls.map(Manifests.spec(kafka).get("kafka"));
        kafkaSpec.put("listners", kafkaSpec.remove("listeners"));
        Map<String, Object> topic = Manifests.of("dev").get("KafkaTopic", "batchpulse.batch-events");
        Manifests.spec(topic).put("partitons", 12);

        assertThat(SCHEMAS.validate(kafka)).anyMatch(problem -> problem.contains("listners"));
        assertThat(SCHEMAS.validate(topic)).anyMatch(problem -> problem.contains("partitons"));
    }

    @Test
    void aValueOutsideItsEnumOrOfTheWrongTypeIsRejected() {
        Map<String, Object> user = Manifests.of("production").get("KafkaUser", "generation-worker");
        Map<String, Object> acl = Yamls.map(Yamls.list(Manifests.at(user, "spec", "authorization", "acls")).get(1));
        acl.put("operations", List.of("Raed"));
        Map<String, Object> cluster = Manifests.of("production").get("Cluster", "batchpulse-db");
        Manifests.spec(cluster).put("instances", "three");

        assertThat(SCHEMAS.validate(user)).anyMatch(problem -> problem.contains("operations"));
        assertThat(SCHEMAS.validate(cluster)).anyMatch(problem -> problem.contains("instances"));
    }

    @Test
    void aMisspeltMetadataFieldOrAnUnknownKindIsRejected() {
        Map<String, Object> scaledObject = Manifests.of("dev").get("ScaledObject", "generation-worker");
        Yamls.map(scaledObject.get("metadata")).put("label", Map.of("a", "b"));
        Map<String, Object> unknown = Map.of("apiVersion", "apps/v1", "kind", "Deploymnet",
                "metadata", Map.of("name", "x"));

        assertThat(SCHEMAS.validate(scaledObject)).anyMatch(problem -> problem.contains("label"));
        assertThat(SCHEMAS.validate(unknown)).containsExactly("no schema for apps/v1 Deploymnet");
    }

    @Test
    void theRendererRefusesAKustomizationFieldItDoesNotSupport(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("kustomization.yaml"), """
                resources: []
                images:
                  - name: batchpulse/progress-gateway
                    newTag: "1.0"
                """);

        assertThatThrownBy(() -> Kustomization.render(directory)).hasMessageContaining("does not support 'images'");
    }
}
