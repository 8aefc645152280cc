package io.batchpulse.gateway.orchestrator;

import io.batchpulse.events.query.BatchView;
import io.batchpulse.events.query.CallbacksView;
import io.batchpulse.events.query.FailuresView;
import io.batchpulse.events.query.ItemView;
import io.batchpulse.events.query.PageView;
import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ErrorCode;
import java.io.InputStream;
import java.net.ConnectException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriBuilder;

/**
 * The orchestrator's internal read API (plain JSON, no envelope), on any of its instances. Anything
 * but an answer or a 404 (every instance refusing the connection, a timeout, a 5xx) becomes 503
 * UNAVAILABLE for the API caller.
 */
@Component
public class OrchestratorClient {

    private static final Logger log = LoggerFactory.getLogger(OrchestratorClient.class);
    private static final ParameterizedTypeReference<PageView<BatchView>> BATCH_PAGE = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<PageView<ItemView>> ITEM_PAGE = new ParameterizedTypeReference<>() {
    };

    private final List<RestClient> instances;
    /** The instance that answered last: asked first next time. */
    private final AtomicInteger preferred = new AtomicInteger();

    OrchestratorClient(RestClient.Builder builder, GatewayProperties properties) {
        GatewayProperties.Orchestrator orchestrator = properties.orchestrator();
        // HttpURLConnection-based: bounded by both timeouts and leaves no client threads behind on shutdown.
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(orchestrator.connectTimeout());
        requests.setReadTimeout(orchestrator.readTimeout());
        this.instances = orchestrator.urls().stream()
                .map(url -> builder.clone().baseUrl(url.toString()).requestFactory(requests).build()).toList();
    }

    /** Batches newest first; {@code owner} null means everyone's (admins). */
    public PageView<BatchView> listBatches(String owner, String status, int page, int size) {
        return call(http -> http.get()
                .uri(uri -> withPaging(uri.path("/internal/v1/batches"), status, page, size)
                        .queryParamIfPresent("owner", Optional.ofNullable(owner))
                        .build())
                .retrieve()
                .body(BATCH_PAGE));
    }

    public Optional<BatchView> findBatch(UUID id) {
        return callOrEmpty(http -> http.get().uri("/internal/v1/batches/{id}", id).retrieve().body(BatchView.class));
    }

    public Optional<PageView<ItemView>> findItems(UUID id, String status, int page, int size) {
        return findItems(id, status, null, page, size);
    }

    /** Items by index; {@code label} (null: any) is a case-insensitive substring of the label. */
    public Optional<PageView<ItemView>> findItems(UUID id, String status, String label, int page, int size) {
        return callOrEmpty(http -> http.get()
                .uri(uri -> withPaging(uri.path("/internal/v1/batches/{id}/items"), status, page, size)
                        .queryParamIfPresent("label", Optional.ofNullable(label)).build(id))
                .retrieve()
                .body(ITEM_PAGE));
    }

    /** The batch's failed items by failure group. */
    public Optional<FailuresView> findFailures(UUID id) {
        return callOrEmpty(http -> http.get().uri("/internal/v1/batches/{id}/failures", id).retrieve()
                .body(FailuresView.class));
    }

    /** The batch's callbacks with their deliveries and attempts. */
    public Optional<CallbacksView> findCallbacks(UUID id) {
        return callOrEmpty(http -> http.get().uri("/internal/v1/batches/{id}/callbacks", id).retrieve()
                .body(CallbacksView.class));
    }

    /** Sends a callback delivery again; empty when the batch has no such delivery. */
    public Optional<CallbacksView> resendCallback(UUID id, UUID deliveryId) {
        return callOrEmpty(http -> http.post().uri("/internal/v1/batches/{id}/callbacks/{deliveryId}/resend", id, deliveryId)
                .retrieve().body(CallbacksView.class));
    }

    /**
     * Opens the orchestrator's results export and returns its body unread, for the caller to relay
     * and close. Close only the stream: Spring's response {@code close()} would first drain it, that
     * is read the rest of the export, which is what a caller closing early wants to stop.
     */
    public Optional<InputStream> openResults(UUID id, String format, String status) {
        return callOrEmpty(http -> http.get()
                .uri(uri -> uri.path("/internal/v1/batches/{id}/results").queryParam("format", format)
                        .queryParamIfPresent("status", Optional.ofNullable(status)).build(id))
                .exchange((request, response) -> {
                    if (response.getStatusCode().is2xxSuccessful()) {
                        return response.getBody();
                    }
                    response.close();
                    if (response.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                        throw new NotFound();
                    }
                    log.warn("Orchestrator refused a results export: {}", response.getStatusCode());
                    throw unavailable();
                }, false));
    }

    private static UriBuilder withPaging(UriBuilder uri, String status, int page, int size) {
        return uri.queryParamIfPresent("status", Optional.ofNullable(status))
                .queryParam("page", page)
                .queryParam("size", size);
    }

    private <T> Optional<T> callOrEmpty(Function<RestClient, T> request) {
        try {
            return Optional.ofNullable(call(request));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    private <T> T call(Function<RestClient, T> request) {
        try {
            return onAnyInstance(request);
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                throw new NotFound();
            }
            log.warn("Orchestrator refused a read: {}", e.getStatusCode());
            throw unavailable();
        } catch (RestClientException e) {
            log.warn("Orchestrator read failed: {}", e.getMessage());
            throw unavailable();
        }
    }

    /**
     * Every instance serves every read (they share one database). One that refuses the connection
     * (stopped, or gone with its pod) was sent nothing, so the next one is asked, POSTs included.
     */
    private <T> T onAnyInstance(Function<RestClient, T> request) {
        int first = preferred.get();
        for (int i = 0; ; i++) {
            int index = (first + i) % instances.size();
            try {
                T answer = request.apply(instances.get(index));
                preferred.set(index);
                return answer;
            } catch (ResourceAccessException e) {
                if (i == instances.size() - 1 || !(e.getCause() instanceof ConnectException)) {
                    throw e;
                }
                log.info("Orchestrator {} refused the connection; asking the next", index);
            }
        }
    }

    private static ApiException unavailable() {
        return new ApiException(ErrorCode.UNAVAILABLE, "The batch store is not reachable; try again shortly");
    }

    private static final class NotFound extends RuntimeException {

        NotFound() {
            super(null, null, false, false);
        }
    }
}
