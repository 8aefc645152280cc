package io.batchpulse.bench;

import io.batchpulse.deploy.ChildProcess;
import io.batchpulse.deploy.DataDirectories;
import io.batchpulse.deploy.LaunchOptions;
import io.batchpulse.deploy.LocalCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The Batchpulse under test: either the embedded stack the benchmark starts itself with the
 * deploy module's launcher (real KRaft broker, embedded PostgreSQL, every service its own JVM),
 * or a running one given by gateway URL and bootstrap servers.
 */
final class Stack implements AutoCloseable {

    private final URI gateway;
    private final String bootstrap;
    private final String topicPrefix;
    private final List<Service> services;
    private final LocalCluster cluster;
    private final Path dataDir;

    private Stack(URI gateway, String bootstrap, String topicPrefix, List<Service> services, LocalCluster cluster,
            Path dataDir) {
        this.gateway = gateway;
        this.bootstrap = bootstrap;
        this.topicPrefix = topicPrefix;
        this.services = List.copyOf(services);
        this.cluster = cluster;
        this.dataDir = dataDir;
    }

    static Stack remote(BenchOptions options) {
        return new Stack(options.target(), options.bootstrap(), options.topicPrefix(),
                List.of(new Service("progress-gateway", options.target(), OptionalLong.empty(), true)), null, null);
    }

    static Stack local(BenchOptions options) {
        // A fresh data directory per run, kept afterwards: the services' logs explain odd numbers.
        Path dataDir = options.home().resolve("deploy/bench/target/stack");
        try {
            DataDirectories.deleteQuietly(dataDir);
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LaunchOptions launch = new LaunchOptions(options.home(), options.port(), options.workers(), false, dataDir, true,
                options.kafkaPort(), options.postgresPort(), 1, 1, options.orchestrators());
        LocalCluster cluster = new LocalCluster(launch, options.topicPrefix());
        try {
            cluster.start();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        List<Service> services = new ArrayList<>();
        services.add(new Service("progress-gateway", cluster.gatewayUrl(), OptionalLong.of(cluster.gateway().pid()), true));
        for (int i = 0; i < options.orchestrators(); i++) {
            ChildProcess orchestrator = cluster.orchestrators().get(i);
            services.add(new Service(orchestrator.name(), local(launch.orchestratorPort(i)),
                    OptionalLong.of(orchestrator.pid()), false));
        }
        for (int i = 0; i < options.workers(); i++) {
            services.add(new Service(cluster.worker(i).name(), local(launch.workerPort(i)),
                    OptionalLong.of(cluster.worker(i).pid()), false));
        }
        return new Stack(cluster.gatewayUrl(), cluster.bootstrapServers(), options.topicPrefix(), services, cluster, dataDir);
    }

    private static URI local(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    URI gateway() {
        return gateway;
    }

    String bootstrap() {
        return bootstrap;
    }

    String topicPrefix() {
        return topicPrefix;
    }

    List<Service> services() {
        return services;
    }

    /** Where the embedded stack keeps its broker, database and logs; empty for a remote stack. */
    Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /** The embedded stack's processes; empty for a remote stack. */
    Optional<LocalCluster> cluster() {
        return Optional.ofNullable(cluster);
    }

    Service gatewayService() {
        return services.get(0);
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
