package io.batchpulse.worker.processor.http;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.url.TargetPolicy;
import io.batchpulse.events.url.TargetRefusedException;
import io.batchpulse.worker.WorkerProperties;
import io.batchpulse.worker.spi.ItemErrorCodes;
import io.batchpulse.worker.spi.ItemOutcome;
import io.batchpulse.worker.spi.ItemProcessingException;
import io.batchpulse.worker.spi.ItemProcessor;
import io.batchpulse.worker.spi.ItemWork;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.io.CloseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * POSTs each item to the URL a batch names, so a team plugs in a generator written in any
 * language: {@code {itemId, batchId, index, attempt, label, payload}} in, any JSON out (optional
 * {@code score}, {@code label}, {@code summary} fields feed best-so-far). Only hosts the
 * {@link TargetPolicy} accepts are called (see {@link GuardedHttpClient}).
 */
@Component
public class HttpProcessor implements ItemProcessor, AutoCloseable {

    public static final String NAME = "http";
    static final String HTTP_TIMEOUT = "HTTP_TIMEOUT";
    static final String HTTP_IO_ERROR = "HTTP_IO_ERROR";
    static final String TARGET_REFUSED = "TARGET_REFUSED";

    private static final Logger log = LoggerFactory.getLogger(HttpProcessor.class);

    /** Few distinct timeouts exist in practice; past this many, clients are built per call. */
    private static final int MAX_CACHED_CLIENTS = 32;
    private static final int MAX_ERROR_BODY_BYTES = 4096;

    private final RestClient.Builder builder;
    private final CloseableHttpClient httpClient;
    private final WorkerProperties.Http defaults;
    private final Map<Duration, RestClient> clientsByTimeout = new ConcurrentHashMap<>();

    @Autowired
    public HttpProcessor(RestClient.Builder builder, WorkerProperties properties) {
        this(builder, properties, InetAddress::getAllByName);
    }

    /** @param dns how names become addresses; tests map their own names to the loopback address */
    HttpProcessor(RestClient.Builder builder, WorkerProperties properties, TargetPolicy.Resolver dns) {
        this.builder = builder;
        this.defaults = properties.http();
        TargetPolicy policy = defaults.targetPolicy();
        this.httpClient = GuardedHttpClient.create(defaults, policy, dns,
                properties.concurrency() * properties.parallelism());
        log.info("The http processor calls public addresses and the {}", policy);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ItemOutcome process(ItemWork work) {
        HttpConfig config = work.configAs(HttpConfig.class);
        URI uri = config.uri();
        Duration timeout = config.timeout(defaults.timeout());
        Map<String, String> extraHeaders = config.requestHeaders();
        byte[] request = EventJson.mapper().writeValueAsBytes(requestBody(work));
        int maxBytes = (int) Math.min(Integer.MAX_VALUE - 1, defaults.maxResponseSize().toBytes());
        HttpReply reply;
        try {
            reply = client(timeout).post()
                    .uri(uri)
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON)
                    .headers(headers -> extraHeaders.forEach(headers::set))
                    .body(request)
                    .exchange((req, response) -> read(response.getStatusCode().value(), response.getBody(), maxBytes,
                            RetryAfter.until(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER), Instant.now(),
                                    defaults.maxRetryAfter())), true);
        } catch (ResourceAccessException e) {
            throw ioFailure(uri, timeout, e);
        } catch (IllegalArgumentException e) {
            // e.g. a URL the client cannot turn into a request
            throw ItemProcessingException.permanent(ItemErrorCodes.INVALID_CONFIG,
                    "Invalid http request: " + e.getMessage());
        }
        return reply.toOutcome(work.label());
    }

    private static ObjectNode requestBody(ItemWork work) {
        ObjectNode body = EventJson.mapper().createObjectNode();
        body.put("itemId", work.itemId().toString());
        body.put("batchId", work.batchId().toString());
        body.put("index", work.index());
        body.put("attempt", work.attempt());
        body.put("label", work.label());
        body.set("payload", work.payload());
        return body;
    }

    /** Of an error's body only an excerpt is kept, so reading more than a few KB of it is waste. */
    private static HttpReply read(int status, InputStream body, int maxBytes, Instant throttledUntil)
            throws IOException {
        int limit = status >= 200 && status < 300 ? maxBytes : Math.min(maxBytes, MAX_ERROR_BODY_BYTES);
        byte[] bytes = body.readNBytes(limit + 1);
        if (bytes.length > limit) {
            return new HttpReply(status, Arrays.copyOf(bytes, limit), true, throttledUntil);
        }
        return new HttpReply(status, bytes, false, throttledUntil);
    }

    private static ItemProcessingException ioFailure(URI uri, Duration timeout, ResourceAccessException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TargetRefusedException refused) {
                return new ItemProcessingException(TARGET_REFUSED, "Target refused: " + refused.getMessage()
                        + "; workers call only public addresses unless "
                        + "worker.http.allowed-targets names the target", List.of(), false, e);
            }
            if (cause instanceof SocketTimeoutException || cause instanceof ConnectTimeoutException) {
                return new ItemProcessingException(HTTP_TIMEOUT, "No answer from " + uri + " within " + timeout,
                        List.of(String.valueOf(cause)), true, e);
            }
        }
        return new ItemProcessingException(HTTP_IO_ERROR, "Cannot reach " + uri + ": " + e.getMostSpecificCause(),
                List.of(String.valueOf(e.getMostSpecificCause())), true, e);
    }

    private RestClient client(Duration timeout) {
        RestClient cached = clientsByTimeout.get(timeout);
        if (cached != null) {
            return cached;
        }
        // Not a bean: its destroy() would close the shared client, which close() below does once.
        HttpComponentsClientHttpRequestFactory requests = new HttpComponentsClientHttpRequestFactory(httpClient);
        requests.setReadTimeout(timeout);
        RestClient client = builder.clone().requestFactory(requests).build();
        if (clientsByTimeout.size() < MAX_CACHED_CLIENTS) {
            clientsByTimeout.putIfAbsent(timeout, client);
        }
        return client;
    }

    @Override
    public void close() {
        httpClient.close(CloseMode.GRACEFUL);
    }
}
