package io.batchpulse.deploy.k8s;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.batchpulse.events.json.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Validates a manifest against the schema of its apiVersion and kind, committed under
 * src/test/resources/k8s-schemas (see the README there): Kubernetes' own kinds against the
 * Kubernetes 1.36 OpenAPI definitions, custom resources against their operator's CRD. Both are
 * strict (an unknown field is an error), and every document's metadata is checked as an
 * ObjectMeta, which a CRD's schema leaves open. A kind with no schema is an error too.
 */
final class KubernetesSchemas {

    private static final String DIRECTORY = "classpath:k8s-schemas/";
    private static final String CORE = DIRECTORY + "kubernetes.json";
    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    // OpenAPI 2 and 3.0 schemas are JSON Schema draft 4 with extensions the validator ignores
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
    private final Map<String, String> coreDefinitions = coreDefinitions();

    List<String> validate(Map<String, Object> document) {
        JsonNode tree = EventJson.mapper().valueToTree(document);
        List<String> problems = new ArrayList<>();
        Schema schema = schemaOf((String) document.get("apiVersion"), (String) document.get("kind"));
        if (schema == null) {
            return List.of("no schema for " + document.get("apiVersion") + " " + document.get("kind"));
        }
        schema.validate(tree).stream().map(KubernetesSchemas::describe).forEach(problems::add);
        registry.getSchema(SchemaLocation.of(CORE + "#/definitions/" + OBJECT_META))
                .validate(tree.get("metadata")).stream().map(error -> "metadata: " + describe(error))
                .forEach(problems::add);
        return problems;
    }

    private Schema schemaOf(String apiVersion, String kind) {
        String definition = coreDefinitions.get(apiVersion + " " + kind);
        if (definition != null) {
            return registry.getSchema(SchemaLocation.of(CORE + "#/definitions/" + definition));
        }
        String file = "k8s-schemas/" + apiVersion.replace('/', '_') + "_" + kind + ".json";
        if (KubernetesSchemas.class.getClassLoader().getResource(file) == null) {
            return null;
        }
        return registry.getSchema(SchemaLocation.of("classpath:" + file));
    }

    private static String describe(Error error) {
        return error.getInstanceLocation() + ": " + error.getMessage();
    }

    /** "apps/v1 Deployment" → its definition's name, from the definitions' group-version-kind. */
    private static Map<String, String> coreDefinitions() {
        try (InputStream in = KubernetesSchemas.class.getResourceAsStream("/k8s-schemas/kubernetes.json")) {
            JsonNode definitions = EventJson.mapper().readTree(in).get("definitions");
            Map<String, String> byKind = new HashMap<>();
            for (String name : definitions.propertyNames()) {
                for (JsonNode gvk : definitions.get(name).path("x-kubernetes-group-version-kind")) {
                    String group = gvk.path("group").asString("");
                    String apiVersion = (group.isEmpty() ? "" : group + "/") + gvk.get("version").asString();
                    byKind.put(apiVersion + " " + gvk.get("kind").asString(), name);
                }
            }
            return byKind;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
