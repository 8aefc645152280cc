package io.batchpulse.orchestrator.callback;

import io.batchpulse.events.url.TargetPolicy;
import io.batchpulse.events.url.TargetRefusedException;
import io.batchpulse.orchestrator.OrchestratorProperties;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * POSTs one delivery. Every connection gets its addresses from the {@link TargetPolicy}, which
 * resolves the name and refuses loopback, private, link-local and multicast addresses the
 * allow-list does not name, and connects to exactly those: a name that pointed somewhere public at
 * create time and resolves inside now is refused at this attempt. No redirects (a 3xx is the
 * receiver's answer, and a retry), no proxy, no automatic retries: the backoff owns them.
 */
class CallbackSender implements Closeable {

    static final String DELIVERY_HEADER = "Batchpulse-Delivery";
    static final String EVENT_HEADER = "Batchpulse-Event";

    private final CloseableHttpClient http;
    private final Clock clock;

    CallbackSender(OrchestratorProperties.Callbacks settings, TargetPolicy.Resolver dns, Clock clock) {
        TargetPolicy policy = settings.targetPolicy();
        DnsResolver resolver = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return policy.resolve(host, dns);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(resolver)
                .setMaxConnTotal(settings.concurrency())
                .setMaxConnPerRoute(settings.concurrency())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.readTimeout()))
                        .build())
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(settings.readTimeout()))
                        .setConnectionRequestTimeout(Timeout.of(settings.connectTimeout()))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .build();
        this.clock = clock;
    }

    CallbackDeliveries.Outcome send(CallbackDeliveries.Claimed delivery) {
        long started = System.nanoTime();
        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        try {
            HttpPost post = new HttpPost(delivery.url());
            post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
            post.setHeader("User-Agent", "Batchpulse-Callbacks/1");
            post.setHeader(DELIVERY_HEADER, delivery.id().toString());
            post.setHeader(EVENT_HEADER, delivery.event());
            if (delivery.secret() != null) {
                post.setHeader(CallbackSignature.HEADER,
                        CallbackSignature.header(delivery.secret(), clock.instant().getEpochSecond(), body));
            }
            int status = http.execute(post, response -> {
                EntityUtils.consume(response.getEntity());
                return response.getCode();
            });
            return new CallbackDeliveries.Outcome(status, status >= 200 && status < 300 ? null : "HTTP " + status,
                    millisSince(started));
        } catch (TargetRefusedException e) {
            return failed("address refused: " + e.getMessage(), started);
        } catch (UnknownHostException e) {
            return failed("unknown host: " + e.getMessage(), started);
        } catch (SocketTimeoutException e) {
            return failed("timeout: " + e.getMessage(), started);
        } catch (IOException | IllegalArgumentException e) {
            return failed(e.getClass().getSimpleName() + ": " + e.getMessage(), started);
        }
    }

    private static CallbackDeliveries.Outcome failed(String error, long started) {
        String bounded = error.length() > 500 ? error.substring(0, 500) : error;
        return new CallbackDeliveries.Outcome(null, bounded, millisSince(started));
    }

    private static long millisSince(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
