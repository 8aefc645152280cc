package io.batchpulse.deploy.k8s;

import io.batchpulse.deploy.ServiceConfiguration;
import io.batchpulse.deploy.k8s.Kustomization.Yamls;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** The rendered overlays of deploy/k8s, and ways to find things in them. */
record Manifests(String overlay, List<Map<String, Object>> documents) {

    static final Path K8S = ServiceConfiguration.HOME.resolve("deploy/k8s");
    static final List<String> OVERLAYS = List.of("dev", "production");
    /** For a test run once per overlay: {@code @MethodSource(Manifests.OVERLAY_SOURCE)}. */
    static final String OVERLAY_SOURCE = "io.batchpulse.deploy.k8s.Manifests#overlays";

    static Stream<String> overlays() {
        return OVERLAYS.stream();
    }

    static Manifests of(String overlay) {
        return new Manifests(overlay, Kustomization.render(K8S.resolve("overlays").resolve(overlay)));
    }

    static List<Manifests> all() {
        return OVERLAYS.stream().map(Manifests::of).toList();
    }

    List<Map<String, Object>> ofKind(String kind) {
        return documents.stream().filter(document -> kind.equals(document.get("kind"))).toList();
    }

    Map<String, Object> get(String kind, String name) {
        return ofKind(kind).stream().filter(document -> name.equals(name(document))).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + " has no " + kind + " " + name));
    }

    static String name(Map<String, Object> document) {
        return (String) Yamls.map(document.get("metadata")).get("name");
    }

    static Map<String, Object> spec(Map<String, Object> document) {
        return Yamls.map(document.get("spec"));
    }

    static Map<String, Object> container(Map<String, Object> deployment) {
        Map<String, Object> podSpec = Yamls.map(Yamls.map(spec(deployment).get("template")).get("spec"));
        return Yamls.map(((List<?>) podSpec.get("containers")).get(0));
    }

    /** What a value at a path of nested maps is, or null; a path step that is a number indexes a list. */
    static Object at(Object node, String... path) {
        Object current = node;
        for (String step : path) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else if (current instanceof List<?> list && step.chars().allMatch(Character::isDigit)) {
                current = Integer.parseInt(step) < list.size() ? list.get(Integer.parseInt(step)) : null;
            } else {
                return null;
            }
        }
        return current;
    }

    static boolean sameObject(Map<String, Object> one, Map<String, Object> other) {
        return Objects.equals(one.get("apiVersion"), other.get("apiVersion"))
                && Objects.equals(one.get("kind"), other.get("kind")) && Objects.equals(name(one), name(other));
    }

    static String id(Map<String, Object> document) {
        return document.get("kind") + " " + name(document);
    }
}
