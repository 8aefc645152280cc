package io.batchpulse.worker.processor.http;

import static io.batchpulse.worker.processor.http.HttpFixtures.failure;
import static io.batchpulse.worker.processor.http.HttpFixtures.properties;
import static io.batchpulse.worker.processor.http.HttpFixtures.respond;
import static io.batchpulse.worker.processor.http.HttpFixtures.work;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.batchpulse.events.url.TargetPolicy;
import io.batchpulse.worker.spi.ItemOutcome;
import io.batchpulse.worker.spi.ItemProcessingException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

/**
 * Server-side request forgery: the http processor must not be a way into the services next to the
 * worker. An "internal" server listens on every local address and counts what reaches it; the
 * processor, with the default policy, must refuse every spelling of a local target without one
 * request arriving there. Test names resolve through a resolver the test controls: {@code
 * internal.test} and {@code partner.test} to loopback, {@code mixed.test} to a public address and loopback.
 */
class HttpTargetGuardTests {

    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private final AtomicInteger internalHits = new AtomicInteger();
    private final AtomicReference<String> partnerHost = new AtomicReference<>();
    private HttpServer internal;
    private HttpServer partner;
    private HttpProcessor guarded;

    @BeforeEach
    void startServers() throws IOException {
        internal = HttpServer.create(new InetSocketAddress(0), 0);
        internal.setExecutor(serverThreads);
        internal.createContext("/", exchange -> {
            internalHits.incrementAndGet();
            respond(exchange, 200, "{\"secret\":\"internal\"}");
        });
        internal.start();
        partner = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        partner.setExecutor(serverThreads);
        partner.createContext("/generate", exchange -> {
            partnerHost.set(exchange.getRequestHeaders().getFirst("Host"));
            respond(exchange, 200, "{\"score\":1}");
        });
        partner.createContext("/found", exchange -> redirect(exchange, 302));
        partner.createContext("/temporary", exchange -> redirect(exchange, 307));
        partner.createContext("/huge", exchange -> respond(exchange, 500,
                "\u001b[31mboom\r\nSet-Cookie: x\u202e" + "y".repeat(1_048_576)));
        partner.start();
        guarded = processor(List.of());
    }

    @AfterEach
    void stopServers() {
        guarded.close();
        internal.stop(0);
        partner.stop(0);
        serverThreads.shutdownNow();
    }

    @Test
    void everySpellingOfALocalOrInternalTargetIsRefusedBeforeAnythingIsSent() {
        int port = internal.getAddress().getPort();
        List<String> urls = List.of(
                "http://127.0.0.1:" + port + "/",
                "http://[::1]:" + port + "/",
                "http://localhost:" + port + "/",
                "http://localhost.:" + port + "/",
                "http://[::ffff:127.0.0.1]:" + port + "/",
                "http://0.0.0.0:" + port + "/",
                "http://10.20.30.40:" + port + "/",
                "http://192.168.0.1:" + port + "/",
                "http://169.254.169.254/latest/meta-data/",
                "http://internal.test:" + port + "/",
                "http://mixed.test:" + port + "/",
                "http://2130706433:" + port + "/",
                "http://0177.0.0.1:" + port + "/",
                "http://017700000001:" + port + "/",
                "https://127.0.0.1:" + port + "/");

        for (String url : urls) {
            ItemProcessingException refused = failure(guarded, url);

            assertThat(refused.code()).as(url).isEqualTo(HttpProcessor.TARGET_REFUSED);
            assertThat(refused.retryable()).as(url).isFalse();
            assertThat(refused.getMessage()).as(url).startsWith("Target refused: ")
                    .contains("worker.http.allowed-targets");
        }
        // java.net.URI finds no host in hex forms at all: refused as an invalid URL, just as permanently
        ItemProcessingException hex = failure(guarded, "http://0x7f.0.0.1:" + port + "/");
        assertThat(hex.code()).isEqualTo("INVALID_CONFIG");
        assertThat(hex.retryable()).isFalse();
        assertThat(internalHits).as("requests that reached the internal server").hasValue(0);
    }

    @Test
    void aNameIsRefusedForWhatItResolvesToWithoutShowingTheAddress() {
        ItemProcessingException refused = failure(guarded, "http://internal.test:" + internal.getAddress().getPort());

        assertThat(refused.getMessage()).contains("internal.test resolves to a loopback address")
                .doesNotContain("127.0.0.1");
    }

    @Test
    void aRedirectIsNotFollowedSoItCannotLeadToALocalTarget() {
        try (HttpProcessor partnerAllowed = processor(List.of("partner.test"))) {
            for (String path : List.of("/found", "/temporary")) {
                ItemProcessingException redirected = failure(partnerAllowed, partnerUrl(path));

                assertThat(redirected.code()).as(path).isEqualTo(HttpReply.HTTP_REDIRECT);
                assertThat(redirected.retryable()).as(path).isFalse();
                assertThat(redirected.getMessage()).as(path).contains("redirects are not followed");
            }
        }
        assertThat(internalHits).as("requests that reached the internal server").hasValue(0);
    }

    @Test
    void theAllowListPermitsAListedHostAndTheHostHeaderIsTheUrls() {
        try (HttpProcessor partnerAllowed = processor(List.of("partner.test"))) {
            ItemOutcome outcome = partnerAllowed.process(work(UUID.randomUUID(),
                    "{\"url\":\"" + partnerUrl("/generate") + "\"}"));

            assertThat(outcome.score()).isEqualTo(1.0);
            assertThat(partnerHost.get()).isEqualTo("partner.test:" + partner.getAddress().getPort());
        }
        assertThat(failure(guarded, partnerUrl("/generate")).code()).isEqualTo(HttpProcessor.TARGET_REFUSED);
    }

    @Test
    void theAllowListPermitsAListedRangeAndOnlyThatRange() {
        String loopback = "http://127.0.0.1:" + internal.getAddress().getPort() + "/";
        try (HttpProcessor rangeAllowed = processor(List.of("127.0.0.0/8"));
                HttpProcessor otherRange = processor(List.of("10.0.0.0/8"))) {
            ItemOutcome outcome = rangeAllowed.process(work(UUID.randomUUID(), "{\"url\":\"" + loopback + "\"}"));

            assertThat(outcome.result().get("secret").stringValue()).isEqualTo("internal");
            assertThat(failure(otherRange, loopback).code()).isEqualTo(HttpProcessor.TARGET_REFUSED);
        }
        assertThat(internalHits).hasValue(1);
    }

    @Test
    void aMegabyteErrorBodyReachesTheItemAsAShortCleanExcerpt() {
        try (HttpProcessor partnerAllowed = processor(List.of("partner.test"))) {
            ItemProcessingException failed = failure(partnerAllowed, partnerUrl("/huge"));

            assertThat(failed.code()).isEqualTo("HTTP_5XX");
            assertThat(failed.details()).singleElement().asString()
                    .hasSizeLessThanOrEqualTo(HttpReply.MAX_DETAIL_CHARS)
                    .startsWith("[31mboom Set-Cookie: x yyy")
                    .endsWith("...")
                    .doesNotContainPattern("[\\p{Cc}\\p{Cf}]");
        }
    }

    private HttpProcessor processor(List<String> allowedTargets) {
        return new HttpProcessor(RestClient.builder(), properties(allowedTargets), HttpTargetGuardTests::resolve);
    }

    /** The test's names; nothing else resolves, so no test depends on the network. */
    private static InetAddress[] resolve(String name) throws UnknownHostException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        return switch (name) {
            case "internal.test", "partner.test" -> new InetAddress[] {loopback};
            case "mixed.test" -> new InetAddress[] {InetAddress.getByName("93.184.216.34"), loopback};
            default -> throw new UnknownHostException(name);
        };
    }

    private String partnerUrl(String path) {
        return "http://partner.test:" + partner.getAddress().getPort() + path;
    }

    private void redirect(HttpExchange exchange, int status) throws IOException {
        exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + internal.getAddress().getPort() + "/");
        respond(exchange, status, "");
    }
}
