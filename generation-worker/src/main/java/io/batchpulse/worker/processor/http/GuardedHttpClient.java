package io.batchpulse.worker.processor.http;

import io.batchpulse.events.url.TargetPolicy;
import io.batchpulse.worker.WorkerProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * The http processor's client, built so that it connects only where the {@link TargetPolicy}
 * allows: every connection gets its addresses from the policy (which resolves the name and checks
 * each address) and connects to exactly those, so a DNS answer that changes after the check is
 * never used. The URL's host still goes out as the Host header and the TLS server name. It follows
 * no redirect (a 3xx is the endpoint's answer) and uses no proxy, which would resolve on its own.
 */
final class GuardedHttpClient {

    private GuardedHttpClient() {
    }

    /** @param maxConnections one per item the worker may run at once, so no item waits for a connection */
    static CloseableHttpClient create(WorkerProperties.Http settings, TargetPolicy policy, TargetPolicy.Resolver dns,
            int maxConnections) {
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new PolicyResolver(policy, dns))
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .build())
                .build();
        return HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                // The orchestrator owns attempts; a POST is not repeated behind its back.
                .disableAutomaticRetries()
                .disableCookieManagement()
                .build();
    }

    private record PolicyResolver(TargetPolicy policy, TargetPolicy.Resolver dns) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return policy.resolve(host, dns);
        }

        /** Only asked for by SPNEGO authentication, which this client does not use. */
        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }
}
