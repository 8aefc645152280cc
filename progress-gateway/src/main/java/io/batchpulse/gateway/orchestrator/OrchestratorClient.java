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
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriBuilder;

/**
 * The orchestrator's internal read API (plain JSON, no envelope). Anything but an answer or a 404
 * (connection refused, timeout, 5xx) becomes 503 UNAVAILABLE for the API caller.
 */
@Component
public class OrchestratorClient {

    private static final Logger log = LoggerFactory.getLogger(OrchestratorClient.class);
    private static final ParameterizedTypeReference<PageView<BatchView>> BATCH_PAGE = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<PageView<ItemView>> ITEM_PAGE = new ParameterizedTypeReference<>() {
    };

    private final RestClient http;

    OrchestratorClient(RestClient.Builder builder, GatewayProperties properties) {
        GatewayProperties.Orchestrator orchestrator = properties.orchestrator();
        // HttpURLConnection-based: bounded by both timeouts and leaves no client threads behind on shutdown.
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(orchestrator.connectTimeout());
        requests.setReadTimeout(orchestrator.readTimeout());
        this.http = builder.baseUrl(orchestrator.url().toString()).requestFactory(requests).build();
    }

    /** Batches newest first; {@code owner} null means everyone's (admins). */
    public PageView<BatchView> listBatches(String owner, String status, int page, int size) {
        return call(() -> http.get()
                .uri(uri -> withPaging(uri.path("/internal/v1/batches"), status, page, size)
                        .queryParamIfPresent("owner", Optional.ofNullable(owner))
                        .build())
                .retrieve()
                .body(BATCH_PAGE));
    }

    public Optional<BatchView> findBatch(UUID id) {
        return callOrEmpty(() -> http.get().uri("/internal/v1/batches/{id}", id).retrieve().body(BatchView.class));
    }

    public Optional<PageView<ItemView>> findItems(UUID id, String status, int page, int size) {
        return findItems(id, status, null, page, size);
    }

    /** Items by index; {@code label} (null: any) is a case-insensitive substring of the label. */
    public Optional<PageView<ItemView>> findItems(UUID id, String status, String label, int page, int size) {
        return callOrEmpty(() -> http.get()
                .uri(uri -> withPaging(uri.path("/internal/v1/batches/{id}/items"), status, page, size)
                        .queryParamIfPresent("label", Optional.ofNullable(label)).build(id))
                .retrieve()
                .body(ITEM_PAGE));
    }

    /** The batch's failed items by failure group. */
    public Optional<FailuresView> findFailures(UUID id) {
        return callOrEmpty(() -> http.get().uri("/internal/v1/batches/{id}/failures", id).retrieve()
                .body(FailuresView.class));
    }

    /** The batch's callbacks with their deliveries and attempts. */
    public Optional<CallbacksView> findCallbacks(UUID id) {
        return callOrEmpty(() -> http.get().uri("/internal/v1/batches/{id}/callbacks", id).retrieve()
                .body(CallbacksView.class));
    }

    /** Sends a callback delivery again; empty when the batch has no such delivery. */
    public Optional<CallbacksView> resendCallback(UUID id, UUID deliveryId) {
        return callOrEmpty(() -> http.post().uri("/internal/v1/batches/{id}/callbacks/{deliveryId}/resend", id, deliveryId)
                .retrieve().body(CallbacksView.class));
    }

    /**
     * Opens the orchestrator's results export and returns its body unread, for the caller to relay
     * and close. Close only the stream: Spring's response {@code close()} would first drain it, that
     * is read the rest of the export, which is what a caller closing early wants to stop.
     */
    public Optional<InputStream> openResults(UUID id, String format, String status) {
        return callOrEmpty(() -> http.get()
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

    private static <T> Optional<T> callOrEmpty(Supplier<T> request) {
        try {
            return Optional.ofNullable(call(request));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
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

    private static ApiException unavailable() {
        return new ApiException(ErrorCode.UNAVAILABLE, "The batch store is not reachable; try again shortly");
    }

    private static final class NotFound extends RuntimeException {

        NotFound() {
            super(null, null, false, false);
        }
    }
}
