package io.batchpulse.deploy.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders a Kustomize directory the way {@code kubectl apply -k} would, for the subset deploy/k8s
 * uses: {@code resources} (files, and directories with their own kustomization.yaml),
 * {@code namespace}, and {@code patches} given by {@code path} (one strategic-merge patch per
 * file, naming its target by apiVersion, kind and name). A kustomization.yaml that uses anything
 * else fails, so a feature this renderer does not know can never be dropped silently.
 * <p>
 * Patches merge maps key by key and delete a key set to null. Lists are replaced, except in
 * Kubernetes' own kinds, where lists of named entries (containers, env, volumes) merge by name,
 * as Kustomize's strategic merge does for them; custom resources have no merge keys, so
 * Kustomize replaces their lists too.
 */
final class Kustomization {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "namespace", "patches");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace");

    private Kustomization() {
    }

    static List<Map<String, Object>> render(Path directory) {
        Map<String, Object> kustomization = Yamls.map(Yamls.single(directory.resolve("kustomization.yaml")));
        for (String key : kustomization.keySet()) {
            if (!SUPPORTED.contains(key)) {
                throw new IllegalArgumentException(directory + ": the test's renderer does not support '" + key + "'");
            }
        }
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object resource : Yamls.list(kustomization.getOrDefault("resources", List.of()))) {
            Path path = directory.resolve((String) resource).normalize();
            documents.addAll(Files.isDirectory(path) ? render(path) : Yamls.documents(path));
        }
        for (Object patch : Yamls.list(kustomization.getOrDefault("patches", List.of()))) {
            Map<String, Object> entry = Yamls.map(patch);
            if (!entry.keySet().equals(Set.of("path"))) {
                throw new IllegalArgumentException(directory + ": only patches given by path are supported: " + entry);
            }
            apply(documents, Yamls.map(Yamls.single(directory.resolve((String) entry.get("path")))));
        }
        Object namespace = kustomization.get("namespace");
        if (namespace != null) {
            documents.stream().filter(document -> !CLUSTER_SCOPED.contains(document.get("kind")))
                    .forEach(document -> Yamls.map(document.get("metadata")).put("namespace", namespace));
        }
        return documents;
    }

    private static void apply(List<Map<String, Object>> documents, Map<String, Object> patch) {
        List<Map<String, Object>> targets = documents.stream()
                .filter(document -> Manifests.sameObject(document, patch)).toList();
        if (targets.size() != 1) {
            throw new IllegalArgumentException("A patch must match exactly one resource, " + Manifests.id(patch)
                    + " matches " + targets.size());
        }
        boolean builtIn = !group((String) patch.get("apiVersion")).contains(".");
        merge(targets.get(0), patch, builtIn);
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    private static void merge(Map<String, Object> target, Map<String, Object> patch, boolean builtIn) {
        for (Map.Entry<String, Object> entry : patch.entrySet()) {
            Object current = target.get(entry.getKey());
            Object change = entry.getValue();
            if (change == null) {
                target.remove(entry.getKey());
            } else if (current instanceof Map<?, ?> && change instanceof Map<?, ?>) {
                merge(Yamls.map(current), Yamls.map(change), builtIn);
            } else if (builtIn && namedEntries(current) && namedEntries(change)) {
                mergeByName(Yamls.list(current), Yamls.list(change));
            } else {
                target.put(entry.getKey(), change);
            }
        }
    }

    private static void mergeByName(List<Object> current, List<Object> change) {
        for (Object item : change) {
            Map<String, Object> patchItem = Yamls.map(item);
            current.stream().map(Yamls::map).filter(existing -> existing.get("name").equals(patchItem.get("name")))
                    .findFirst()
                    .ifPresentOrElse(existing -> merge(existing, patchItem, true), () -> current.add(patchItem));
        }
    }

    private static boolean namedEntries(Object value) {
        return value instanceof List<?> list && !list.isEmpty()
                && list.stream().allMatch(item -> item instanceof Map<?, ?> map && map.get("name") != null);
    }

    /** YAML loading for the renderer and the tests: documents as plain, mutable maps and lists. */
    static final class Yamls {

        private Yamls() {
        }

        static List<Map<String, Object>> documents(Path file) {
            try {
                List<Map<String, Object>> documents = new ArrayList<>();
                for (Object document : new Yaml().loadAll(Files.readString(file))) {
                    if (document != null) {
                        documents.add(new LinkedHashMap<>(map(document)));
                    }
                }
                return documents;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }

        static Object single(Path file) {
            List<Map<String, Object>> documents = documents(file);
            if (documents.size() != 1) {
                throw new IllegalArgumentException(file + " must hold one YAML document, not " + documents.size());
            }
            return documents.get(0);
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> map(Object value) {
            return (Map<String, Object>) value;
        }

        @SuppressWarnings("unchecked")
        static List<Object> list(Object value) {
            return (List<Object>) value;
        }
    }
}
