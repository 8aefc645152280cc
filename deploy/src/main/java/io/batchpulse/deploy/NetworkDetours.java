package io.batchpulse.deploy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Opt-in for network fault tests (F7 of RELIABILITY.md): other ways to the brokers and to
 * PostgreSQL, through addresses a test controls (its fault-injecting proxies), and the services that
 * take them. run-local never asks for it.
 *
 * <p>A Kafka client bootstraps on one address and then connects to each broker's advertised
 * address, so a proxy in front of the bootstrap port alone would be bypassed. Each {@link KafkaLink}
 * gives every broker a listener of its own ({@code PROXIED1}, {@code PROXIED2}, …) on a loopback
 * port, advertised at the proxy in front of it: a client bootstrapped on a link's proxies learns
 * only their addresses from the metadata. Links apart let a test cut one service's way to the
 * brokers and not another's.
 *
 * @param kafkaLinks      proxied ways to the brokers, each with the services that take it
 * @param postgresPort    where orchestrators in {@code postgresClients} reach PostgreSQL (0: none)
 * @param postgresClients orchestrators (by name) whose JDBC URL uses {@code postgresPort}
 */
public record NetworkDetours(List<KafkaLink> kafkaLinks, int postgresPort, Set<String> postgresClients) {

    public static final NetworkDetours NONE = new NetworkDetours(List.of(), 0, Set.of());

    /**
     * @param brokers one route per broker, in node order
     * @param clients services (by name: {@code worker-1}, {@code progress-gateway-2}) whose
     *                bootstrap servers are this link's proxies
     */
    public record KafkaLink(List<BrokerRoute> brokers, Set<String> clients) {

        public KafkaLink {
            brokers = List.copyOf(brokers);
            clients = Set.copyOf(clients);
        }

        String bootstrapServers() {
            return brokers.stream().map(route -> "127.0.0.1:" + route.advertisedPort()).collect(Collectors.joining(","));
        }
    }

    /**
     * @param listenerPort   the broker's own listener for the link, where the proxy forwards to
     * @param advertisedPort the proxy's port, which the broker advertises on that listener
     */
    public record BrokerRoute(int listenerPort, int advertisedPort) {
    }

    public NetworkDetours {
        kafkaLinks = List.copyOf(kafkaLinks);
        postgresClients = Set.copyOf(postgresClients);
        if (!postgresClients.isEmpty() && postgresPort == 0) {
            throw new IllegalArgumentException("orchestrators reach PostgreSQL through a proxy but it has no port");
        }
    }

    /** The bootstrap servers of the link {@code service} takes, if it takes one. */
    Optional<String> bootstrapServers(String service) {
        return kafkaLinks.stream().filter(link -> link.clients().contains(service)).findFirst()
                .map(KafkaLink::bootstrapServers);
    }

    /** Node {@code nodeId}'s route on every link (ids from 1), in link order. */
    List<BrokerRoute> routes(int nodeId) {
        return kafkaLinks.stream().map(link -> link.brokers().get(nodeId - 1)).toList();
    }
}
