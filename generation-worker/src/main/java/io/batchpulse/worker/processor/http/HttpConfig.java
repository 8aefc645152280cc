package io.batchpulse.worker.processor.http;

import io.batchpulse.worker.spi.ItemErrorCodes;
import io.batchpulse.worker.spi.ItemProcessingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of the {@code http} processor, as a batch's {@code config}.
 *
 * @param url       where each item is POSTed; http or https only
 * @param timeoutMs how long to wait for the answer; the worker's default when absent
 * @param headers   extra request headers, e.g. an API key
 */
record HttpConfig(String url, Long timeoutMs, Map<String, String> headers) {

    /** Longer waits belong in the item's lease and progress reports, not in one blocking call. */
    static final long MAX_TIMEOUT_MS = 3_600_000;

    /**
     * Headers the client writes itself: from a batch, {@code Host} would send the request to another
     * virtual host of an allowed server, and the framing ones could split or smuggle it.
     */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "keep-alive", "upgrade", "te", "trailer", "expect", "proxy-authorization",
            "proxy-connection");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    HttpConfig {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    URI uri() {
        if (url == null || url.isBlank()) {
            throw invalid("url is required");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                throw invalid("url must be http or https, not " + url);
            }
            if (uri.getHost() == null) {
                throw invalid("url has no host: " + url);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid("url is malformed: " + e.getMessage());
        }
    }

    /** The batch's extra headers, once each is a plain header the client may send as given. */
    Map<String, String> requestHeaders() {
        headers.forEach((name, value) -> {
            if (!HEADER_NAME.matcher(name).matches() || value == null || value.chars().anyMatch(HttpConfig::isControl)) {
                throw invalid("header '" + name + "' is not a valid header name and value");
            }
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw invalid("header '" + name + "' is set by the worker");
            }
        });
        return headers;
    }

    private static boolean isControl(int c) {
        return c != '\t' && Character.isISOControl(c);
    }

    Duration timeout(Duration defaultTimeout) {
        if (timeoutMs == null) {
            return defaultTimeout;
        }
        if (timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
            throw invalid("timeoutMs must be between 1 and " + MAX_TIMEOUT_MS);
        }
        return Duration.ofMillis(timeoutMs);
    }

    private static ItemProcessingException invalid(String message) {
        return ItemProcessingException.permanent(ItemErrorCodes.INVALID_CONFIG, "Invalid http config: " + message);
    }
}
