package io.batchpulse.deploy;

import io.batchpulse.testsupport.net.Direction;
import io.batchpulse.testsupport.net.TcpProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The fault cluster's network links that a test can break (F7): one worker's, one gateway's and one
 * orchestrator's way to the brokers, and the orchestrators' way to PostgreSQL, each through {@link TcpProxy}s on
 * loopback. Every other service connects directly, so a fault on a link hits only its service.
 */
final class NetworkProxies implements AutoCloseable {

    static final String WORKER = "worker-1";
    static final String GATEWAY = "progress-gateway-2";
    static final String ORCHESTRATOR = "batch-orchestrator-2";
    private static final Set<String> ORCHESTRATORS = Set.of("batch-orchestrator", ORCHESTRATOR);

    /** The proxies in front of every broker (or of PostgreSQL) for one service: one link, broken as one. */
    record Link(String name, List<TcpProxy> proxies) {

        void stall() {
            proxies.forEach(TcpProxy::stall);
        }

        /** One way only: {@link Direction#FROM_TARGET} loses the replies while the requests arrive. */
        void stall(Direction direction) {
            proxies.forEach(proxy -> proxy.stall(direction));
        }

        void cut() {
            proxies.forEach(TcpProxy::cut);
        }

        void delay(Duration latency) {
            proxies.forEach(proxy -> proxy.delay(latency));
        }

        void heal() {
            proxies.forEach(TcpProxy::heal);
        }

        List<NetworkDetours.BrokerRoute> routes() {
            return proxies.stream().map(proxy -> new NetworkDetours.BrokerRoute(proxy.targetPort(), proxy.port())).toList();
        }
    }

    private final Link worker;
    private final Link gateway;
    private final Link orchestrator;
    private final Link postgres;

    private NetworkProxies(Link worker, Link gateway, Link orchestrator, Link postgres) {
        this.worker = worker;
        this.gateway = gateway;
        this.orchestrator = orchestrator;
        this.postgres = postgres;
    }

    /** Proxies for {@code brokers} brokers' extra listeners (on free ports) and for PostgreSQL's port. */
    static NetworkProxies start(int brokers, int postgresPort) {
        int listeners = FreePorts.block(3 * brokers);
        return new NetworkProxies(kafkaLink(WORKER, brokers, listeners), kafkaLink(GATEWAY, brokers, listeners + brokers),
                kafkaLink(ORCHESTRATOR, brokers, listeners + 2 * brokers), new Link("orchestrators to PostgreSQL", List.of(TcpProxy.start("postgres", "127.0.0.1", postgresPort))));
    }

    private static Link kafkaLink(String service, int brokers, int firstListener) {
        List<TcpProxy> proxies = new ArrayList<>();
        IntStream.range(0, brokers).forEach(i -> proxies.add(
                TcpProxy.start(service + "-kafka-" + (i + 1), "127.0.0.1", firstListener + i)));
        return new Link(service + " to the brokers", proxies);
    }

    NetworkDetours detours() {
        return new NetworkDetours(List.of(new NetworkDetours.KafkaLink(worker.routes(), Set.of(WORKER)),
                new NetworkDetours.KafkaLink(gateway.routes(), Set.of(GATEWAY)),
                new NetworkDetours.KafkaLink(orchestrator.routes(), Set.of(ORCHESTRATOR))),
                postgres.proxies().get(0).port(), ORCHESTRATORS);
    }

    Link worker() {
        return worker;
    }

    Link gateway() {
        return gateway;
    }

    Link orchestrator() {
        return orchestrator;
    }

    Link postgres() {
        return postgres;
    }

    @Override
    public void close() {
        List.of(worker, gateway, orchestrator, postgres).forEach(link -> link.proxies().forEach(TcpProxy::close));
    }
}
