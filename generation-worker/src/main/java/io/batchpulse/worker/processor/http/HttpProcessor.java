package io.batchpulse.worker.processor.http;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.worker.WorkerProperties;
import io.batchpulse.worker.spi.ItemErrorCodes;
import io.batchpulse.worker.spi.ItemOutcome;
import io.batchpulse.worker.spi.ItemProcessingException;
import io.batchpulse.worker.spi.ItemProcessor;
import io.batchpulse.worker.spi.ItemWork;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * POSTs each item to the URL a batch names, so a team plugs in a generator written in any
 * language: {@code {itemId, batchId, index, attempt, label, payload}} in, any JSON out (optional
 * {@code score}, {@code label}, {@code summary} fields feed best-so-far).
 */
@Component
public class HttpProcessor implements ItemProcessor {

    public static final String NAME = "http";
    static final String HTTP_TIMEOUT = "HTTP_TIMEOUT";
    static final String HTTP_IO_ERROR = "HTTP_IO_ERROR";

    /** Few distinct timeouts exist in practice; past this many, clients are built per call. */
    private static final int MAX_CACHED_CLIENTS = 32;

    private final RestClient.Builder builder;
    private final HttpClient httpClient;
    private final WorkerProperties.Http defaults;
    private final Map<Duration, RestClient> clientsByTimeout = new ConcurrentHashMap<>();

    public HttpProcessor(RestClient.Builder builder, WorkerProperties properties) {
        this.builder = builder;
        this.defaults = properties.http();
        // HTTP/1.1: a cleartext HTTP/2 upgrade attempt trips up some simple servers teams write.
        this.httpClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(defaults.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
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
        byte[] request = EventJson.mapper().writeValueAsBytes(requestBody(work));
        int maxBytes = (int) Math.min(Integer.MAX_VALUE - 1, defaults.maxResponseSize().toBytes());
        HttpReply reply;
        try {
            reply = client(timeout).post()
                    .uri(uri)
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON)
                    .headers(headers -> config.headers().forEach(headers::set))
                    .body(request)
                    .exchange((req, response) -> read(response.getStatusCode().value(), response.getBody(), maxBytes),
                            true);
        } catch (ResourceAccessException e) {
            throw ioFailure(uri, timeout, e);
        } catch (IllegalArgumentException e) {
            // e.g. a header the JDK client refuses to send (Host, Content-Length, ...)
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

    private static HttpReply read(int status, InputStream body, int maxBytes) throws IOException {
        byte[] bytes = body.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            return new HttpReply(status, Arrays.copyOf(bytes, maxBytes), true);
        }
        return new HttpReply(status, bytes, false);
    }

    private static ItemProcessingException ioFailure(URI uri, Duration timeout, ResourceAccessException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
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
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(httpClient);
        requests.setReadTimeout(timeout);
        RestClient client = builder.clone().requestFactory(requests).build();
        if (clientsByTimeout.size() < MAX_CACHED_CLIENTS) {
            clientsByTimeout.putIfAbsent(timeout, client);
        }
        return client;
    }
}
