package io.batchpulse.deploy;

import io.batchpulse.events.json.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * deploy/observability as the tests read it: the metrics table of its README, the Grafana
 * dashboard, the alert rules, and the metric names their PromQL uses.
 */
final class ObservabilityFiles {

    static final Path DIRECTORY = ServiceConfiguration.HOME.resolve("deploy/observability");

    /** One row of the README's metrics table; {@code services} are orchestrator, worker, gateway. */
    record DocumentedMetric(String name, String type, List<String> services) {
    }

    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z_:]+)` \\| (\\w+) \\| ([a-z, ]+) \\|");
    private static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right");
    private static final List<String> ALL = List.of("orchestrator", "worker", "gateway");

    private ObservabilityFiles() {
    }

    static List<DocumentedMetric> documentedMetrics() {
        Matcher row = ROW.matcher(read("README.md"));
        List<DocumentedMetric> metrics = new ArrayList<>();
        while (row.find()) {
            List<String> services = "all".equals(row.group(3).trim()) ? ALL
                    : Arrays.stream(row.group(3).split(",")).map(String::trim).toList();
            metrics.add(new DocumentedMetric(row.group(1), row.group(2), services));
        }
        return metrics;
    }

    static JsonNode dashboard() {
        return EventJson.mapper().readTree(read("grafana-dashboard.json"));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> alertRules() {
        Map<String, Object> file = new Yaml().load(read("alerts.yaml"));
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Object group : (List<?>) file.get("groups")) {
            rules.addAll((List<Map<String, Object>>) ((Map<String, Object>) group).get("rules"));
        }
        return rules;
    }

    /** Every PromQL expression of the dashboard's panels and of the alert rules. */
    static List<String> expressions() {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            panel.path("targets").forEach(target -> expressions.add(target.path("expr").asString()));
        }
        alertRules().forEach(rule -> expressions.add(String.valueOf(rule.get("expr"))));
        return expressions;
    }

    /** The metric names an expression selects: identifiers that are neither functions nor keywords nor labels. */
    static Set<String> metricNames(String promql) {
        String bare = promql.replaceAll("\"(\\\\.|[^\"])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(bare);
        while (identifier.find()) {
            String rest = bare.substring(identifier.end()).stripLeading();
            if (!rest.startsWith("(") && !PROMQL_WORDS.contains(identifier.group())) {
                names.add(identifier.group());
            }
        }
        return names;
    }

    private static String read(String file) {
        try {
            return Files.readString(DIRECTORY.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
