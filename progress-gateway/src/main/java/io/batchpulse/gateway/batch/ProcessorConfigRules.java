package io.batchpulse.gateway.batch;

import io.batchpulse.events.url.TargetPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Sanity checks of the built-in processors' {@code config}, so an obvious mistake is refused at
 * the door instead of failing every item later. Unknown fields are left to the processor. An
 * {@code http} URL naming a target the workers refuse is refused here too, as far as it can be
 * known without DNS (the workers decide about names once they resolve them).
 */
final class ProcessorConfigRules {

    static final String SIMULATED = "simulated";
    static final String HTTP = "http";
    private static final long MAX_MILLIS = 3_600_000;

    private ProcessorConfigRules() {
    }

    static List<String> check(String processor, JsonNode config, TargetPolicy httpTargets) {
        List<String> problems = new ArrayList<>();
        if (config == null || config.isNull()) {
            if (HTTP.equals(processor)) {
                problems.add("config.url: must not be null");
            }
            return problems;
        }
        if (!config.isObject()) {
            problems.add("config: must be a JSON object");
            return problems;
        }
        if (SIMULATED.equals(processor)) {
            checkSimulated(config, problems);
        } else if (HTTP.equals(processor)) {
            checkHttp(config, httpTargets, problems);
        }
        return problems;
    }

    private static void checkSimulated(JsonNode config, List<String> problems) {
        number(config, "latencyMs", 0, MAX_MILLIS, problems);
        number(config, "latencyJitterMs", 0, MAX_MILLIS, problems);
        number(config, "failureRate", 0, 1, problems);
        number(config, "slowLatencyMs", 0, MAX_MILLIS, problems);
        number(config, "slowRate", 0, 1, problems);
        JsonNode seed = config.get("seed");
        if (seed != null && !seed.isNull() && !seed.isIntegralNumber()) {
            problems.add("config.seed: must be an integer");
        }
    }

    private static void checkHttp(JsonNode config, TargetPolicy httpTargets, List<String> problems) {
        JsonNode url = config.get("url");
        if (url == null || url.isNull()) {
            problems.add("config.url: must not be null");
        } else if (!url.isString() || httpHost(url.asString()).isEmpty()) {
            problems.add("config.url: must be an absolute http or https URL");
        } else {
            httpTargets.refusalBeforeResolving(httpHost(url.asString()).get()).ifPresent(refusal -> problems.add(
                    "config.url: " + refusal + "; workers call only public addresses unless their allow-list "
                            + "names the target"));
        }
        number(config, "timeoutMs", 1, MAX_MILLIS, problems);
        JsonNode headers = config.get("headers");
        if (headers != null && !headers.isNull()) {
            boolean allText = headers.isObject()
                    && headers.properties().stream().map(Map.Entry::getValue).allMatch(JsonNode::isString);
            if (!allText) {
                problems.add("config.headers: must be an object of string values");
            }
        }
    }

    private static void number(JsonNode config, String field, double min, double max, List<String> problems) {
        JsonNode value = config.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
            problems.add("config." + field + ": must be a number between " + format(min) + " and " + format(max));
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** The host of an absolute http or https URL, as the worker's {@code HttpConfig} reads it. */
    private static Optional<String> httpHost(String text) {
        try {
            URI uri = new URI(text);
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            boolean hasHost = uri.getHost() != null && !uri.getHost().isBlank();
            return http && hasHost ? Optional.of(uri.getHost()) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
