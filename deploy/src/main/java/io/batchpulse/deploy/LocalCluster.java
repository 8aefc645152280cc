package io.batchpulse.deploy;

import io.batchpulse.events.Topics;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Batchpulse on one machine with no installed services: a real KRaft broker (or three), a real
 * PostgreSQL, one orchestrator or more, N workers and one gateway or more, each service a JVM of
 * its own started from its Spring Boot jar exactly as a deployment would run it. It is longer than
 * the usual 250 lines because it is the one place that wires every process to the others.
 */
public final class LocalCluster implements AutoCloseable {

    /** BATCHPULSE_START_TIMEOUT (seconds) stretches it on a machine loaded by other work. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(
            Long.parseLong(System.getenv().getOrDefault("BATCHPULSE_START_TIMEOUT", "120")));
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /**
     * A service recording its class-data archive writes it as it exits, which takes 10-20 s on two
     * quiet cores and longer on a busy machine; killed before that, the recording is lost.
     */
    private static final Duration RECORDING_STOP_GRACE = Duration.ofMinutes(2);
    private static final String DEFAULT_JAVA_OPTS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx512m";
    /** BATCHPULSE_CDS=on (deploy/run-local sets it): start the services with AppCDS ({@link ClassDataArchive}). */
    private static final boolean CLASS_DATA_SHARING = "on".equals(System.getenv("BATCHPULSE_CDS"));

    private final LaunchOptions options;
    private final Path logs;
    private final String topicPrefix;
    private final Map<String, String> serviceEnv;
    private final List<ChildProcess> workers = new ArrayList<>();
    private final List<ChildProcess> gateways = new ArrayList<>();
    private final List<ChildProcess> orchestrators = new ArrayList<>();
    private final List<ChildProcess> started = Collections.synchronizedList(new ArrayList<>());
    /** Workers added while the cluster runs (a scale-out), with the port each was given. */
    private final Map<ChildProcess, Integer> addedWorkers = new ConcurrentHashMap<>();
    private final Map<String, ClassDataArchive> archives = new ConcurrentHashMap<>();
    private PostgresServer postgres;
    private KafkaCluster kafka;
    private NetworkDetours detours = NetworkDetours.NONE;

    public LocalCluster(LaunchOptions options, String topicPrefix) {
        this(options, topicPrefix, Map.of());
    }

    /** {@code serviceEnv}: variables every service gets on top of the cluster's own (a test's logging levels). */
    public LocalCluster(LaunchOptions options, String topicPrefix, Map<String, String> serviceEnv) {
        this.options = options;
        this.logs = options.dataDir().resolve("logs");
        this.topicPrefix = topicPrefix;
        this.serviceEnv = Map.copyOf(serviceEnv);
    }

    /**
     * Before {@link #start()}: chosen services reach Kafka or PostgreSQL through a test's proxies
     * (network faults, F7); everything else connects directly, as without it.
     */
    public LocalCluster withDetours(NetworkDetours networkDetours) {
        this.detours = networkDetours;
        return this;
    }

    public LocalCluster start() {
        kafka = new KafkaCluster(options.brokers(), options.dataDir().resolve("kafka"), options.kafkaPort(), logs,
                System.getProperty("java.class.path"), detours,
                options.secure() ? KafkaCredentials.of(options.dataDir()) : null);
        CompletableFuture<KafkaCluster> brokers = CompletableFuture.supplyAsync(kafka::start);
        startPostgres();
        brokers.join();
        kafka.admitServices(topicPrefix, serviceEnv);

        List<String> orchestratorUrls = new ArrayList<>();
        for (int i = 0; i < options.orchestrators(); i++) {
            String name = i == 0 ? "batch-orchestrator" : "batch-orchestrator-" + (i + 1);
            orchestrators.add(service("batch-orchestrator", options.orchestratorPort(i), Map.of(
                    "SPRING_DATASOURCE_URL", detours.postgresClients().contains(name)
                            ? PostgresServer.jdbcUrl(detours.postgresPort()) : postgres.jdbcUrl(),
                    "SPRING_DATASOURCE_USERNAME", PostgresServer.USER,
                    "SPRING_DATASOURCE_PASSWORD", PostgresServer.USER,
                    "ORCHESTRATOR_INSTANCE_ID", name), name));
            orchestratorUrls.add("http://127.0.0.1:" + options.orchestratorPort(i));
        }
        for (int i = 0; i < options.workers(); i++) {
            workers.add(service("generation-worker", options.workerPort(i), Map.of("WORKER_ID", "worker-" + (i + 1)),
                    "worker-" + (i + 1)));
        }
        for (int i = 0; i < options.gateways(); i++) {
            String name = i == 0 ? "progress-gateway" : "progress-gateway-" + (i + 1);
            gateways.add(service("progress-gateway", options.gatewayPort(i), Map.of(
                    "ORCHESTRATOR_URL", String.join(",", orchestratorUrls),
                    "SPRING_PROFILES_ACTIVE", "local",
                    "GATEWAY_PROGRESS_STATEDIR", progressStateDir(name).toString(),
                    "GATEWAY_PROGRESS_INSTANCEID", name), name));
        }

        List<ChildProcess> services = new ArrayList<>(workers);
        services.addAll(orchestrators);
        services.addAll(gateways);
        services.forEach(this::startService);
        services.stream()
                .map(service -> CompletableFuture.runAsync(() -> awaitReady(service)))
                .toList()
                .forEach(CompletableFuture::join);
        return this;
    }

    public URI gatewayUrl() {
        return URI.create("http://127.0.0.1:" + options.port());
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public KafkaCluster kafka() {
        return kafka;
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    public String topicPrefix() {
        return topicPrefix;
    }

    /** The first orchestrator: the only one unless more were asked for. */
    public ChildProcess orchestrator() {
        return orchestrators.get(0);
    }

    public List<ChildProcess> orchestrators() {
        return List.copyOf(orchestrators);
    }

    /** The orchestrator that dispatches the batch now (its batch-commands partition's owner). */
    public ChildProcess ownerOf(UUID batchId) {
        String owner = BatchOwners.of(batchId, kafka.clientConfig(KafkaUser.ADMIN), new Topics(topicPrefix).batchCommands(),
                postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.USER)
                .orElseThrow(() -> new IllegalStateException("no orchestrator owns batch " + batchId + " yet"));
        return orchestrators.stream().filter(o -> o.name().equals(owner)).findFirst()
                .orElseThrow(() -> new IllegalStateException("batch " + batchId + " is owned by " + owner
                        + ", which is not an orchestrator of this cluster"));
    }

    public ChildProcess worker(int index) {
        return workers.get(index);
    }

    public ChildProcess gateway() {
        return gateways.get(0);
    }

    public List<ChildProcess> gateways() {
        return List.copyOf(gateways);
    }

    public List<ChildProcess> workers() {
        return List.copyOf(workers);
    }

    /**
     * Where a gateway's progress Streams app keeps its stores: in the data directory, one per
     * gateway, so they survive a restart with {@code --data-dir} and a test can take them away (F3).
     */
    public Path progressStateDir(ChildProcess gateway) {
        return progressStateDir(gateway.name());
    }

    private Path progressStateDir(String gatewayName) {
        return options.dataDir().resolve("streams").resolve(gatewayName);
    }

    /** Stops PostgreSQL (a fast shutdown: open connections are cut), keeping its data directory. */
    public void stopPostgres() {
        postgres.close();
    }

    /** Starts PostgreSQL on its data directory and port: at the start, and again after {@link #stopPostgres()}. */
    public void startPostgres() {
        postgres = PostgresServer.start(options.dataDir().resolve("postgres"), options.postgresPort(),
                logs.resolve("postgres.log"));
    }

    /**
     * Starts one more worker on the given port and waits until it is ready: a scale-out. It is not
     * one of {@link #workers()}; stop it with {@link ChildProcess#stop} when it is no longer wanted.
     */
    public ChildProcess addWorker(int port) {
        ChildProcess worker;
        synchronized (addedWorkers) {
            String name = "worker-" + (workers.size() + addedWorkers.size() + 1);
            worker = service("generation-worker", port, Map.of("WORKER_ID", name), name);
            addedWorkers.put(worker, port);
        }
        startService(worker);
        awaitReady(worker);
        return worker;
    }

    /** Starts a stopped or killed service again and waits until it is ready. */
    public void restart(ChildProcess service) {
        service.start();
        awaitReady(service);
    }

    private ChildProcess service(String module, int port, Map<String, String> extraEnv) {
        return service(module, port, extraEnv, module);
    }

    private ChildProcess service(String module, int port, Map<String, String> extraEnv, String name) {
        Path jar = options.home().resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build with ./mvnw -DskipTests package");
        }
        Map<String, String> env = new HashMap<>(serviceEnv);
        env.putAll(extraEnv);
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", detours.bootstrapServers(name).orElse(kafka.bootstrapServers()));
        env.put("BATCHPULSE_TOPIC_PREFIX", topicPrefix);
        env.put("BATCHPULSE_TOPIC_REPLICAS", Integer.toString(options.brokers()));
        env.putAll(kafka.serviceEnvironment(module));
        // as in the image: a JVM that ran out of memory ends, rather than stay up serving nobody
        // (a dead acceptor thread); first, so BATCHPULSE_JAVA_OPTS may still say -XX:-ExitOnOutOfMemoryError
        List<String> jvm = new ArrayList<>(List.of("-XX:+ExitOnOutOfMemoryError"));
        jvm.addAll(Arrays.asList(
                System.getenv().getOrDefault("BATCHPULSE_JAVA_OPTS", DEFAULT_JAVA_OPTS).trim().split("\\s+")));
        if (CLASS_DATA_SHARING) {
            jvm.addAll(archives.computeIfAbsent(module, m -> new ClassDataArchive(jar)).launchArguments());
        } else {
            jvm.add("-jar");
            jvm.add(jar.toString());
        }
        return new ChildProcess(name, ChildProcess.java(jvm), env, logs.resolve(name + ".log"));
    }

    private void startService(ChildProcess service) {
        service.start();
        started.add(service);
    }

    private void awaitReady(ChildProcess service) {
        service.awaitHttpOk(readinessUrl(service), START_TIMEOUT);
    }

    private URI readinessUrl(ChildProcess service) {
        return url(service).resolve("/actuator/health/readiness");
    }

    /** Where a service of this cluster answers HTTP (its API or its actuator). */
    public URI url(ChildProcess service) {
        int port;
        if (gateways.contains(service)) {
            port = options.gatewayPort(gateways.indexOf(service));
        } else if (addedWorkers.containsKey(service)) {
            port = addedWorkers.get(service);
        } else if (orchestrators.contains(service)) {
            port = options.orchestratorPort(orchestrators.indexOf(service));
        } else {
            port = options.workerPort(workers.indexOf(service));
        }
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Whether some service records its class-data archive as it stops, which makes this stop slower. */
    public boolean recordsClassDataOnStop() {
        return List.copyOf(started).stream().anyMatch(LocalCluster::recordsClassData);
    }

    private static boolean recordsClassData(ChildProcess process) {
        return ClassDataArchive.recordsAtExit(process.command());
    }

    /** Stops the services first (so they drain their work), then the broker, then the database. */
    @Override
    public void close() {
        List.copyOf(started).stream()
                .map(process -> CompletableFuture.runAsync(() -> process.stop(
                        recordsClassData(process) ? RECORDING_STOP_GRACE : STOP_GRACE)))
                .toList()
                .forEach(CompletableFuture::join);
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (!options.keepData()) {
            DataDirectories.deleteQuietly(options.dataDir());
        }
    }
}
