package io.batchpulse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One scrape of a service's /actuator/prometheus: the type of each metric family ({@code # TYPE}
 * lines) and the name of every sample, as Prometheus would store them.
 */
record PrometheusScrape(Map<String, String> types, Set<String> samples, String text) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static PrometheusScrape of(URI service) {
        HttpRequest request = HttpRequest.newBuilder(service.resolve("/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
            }
            return parse(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static PrometheusScrape parse(String text) {
        Map<String, String> types = new HashMap<>();
        Set<String> samples = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                types.put(parts[2], parts[3]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int end = line.indexOf('{');
                samples.add(line.substring(0, end < 0 ? line.indexOf(' ') : end));
            }
        }
        return new PrometheusScrape(types, samples, text);
    }

    /** True when the family has this type and at least one sample (a summary's _count counts). */
    boolean has(String name, String type) {
        return type.equals(types.get(name)) && samples.stream().anyMatch(sample -> sample.equals(name)
                || sample.equals(name + "_count") || sample.equals(name + "_total"));
    }
}
