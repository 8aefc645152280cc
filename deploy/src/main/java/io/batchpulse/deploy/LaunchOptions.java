package io.batchpulse.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code deploy/run-local} was asked for. Ports follow from the base port: the gateway
 * answers on it, the orchestrator on base+1, worker i on base+2+i, further gateways after the
 * workers and further orchestrators after those; Kafka node i takes kafkaPort+2i (its controller
 * the port after) and PostgreSQL its own fixed loopback port.
 *
 * @param dataDir   where the broker, the database and the logs live; a given directory keeps
 *                  state across restarts, otherwise a temporary one is removed on exit
 * @param keepData  false when dataDir is a temporary directory of this run
 * @param secure    Kafka with SASL/SCRAM and ACLs, each service on a user of its own
 */
public record LaunchOptions(Path home, int port, int workers, boolean demo, Path dataDir, boolean keepData,
        int kafkaPort, int postgresPort, int brokers, int gateways, int orchestrators, boolean secure) {

    static final int DEFAULT_PORT = 8080;
    static final int DEFAULT_WORKERS = 2;
    static final int DEFAULT_KAFKA_PORT = 29092;
    static final int DEFAULT_POSTGRES_PORT = 25432;

    public LaunchOptions {
        if (brokers != 1 && brokers != 3) {
            throw new IllegalArgumentException("brokers must be 1 or 3, not " + brokers);
        }
        if (gateways < 1) {
            throw new IllegalArgumentException("gateways must be at least 1, not " + gateways);
        }
        if (orchestrators < 1) {
            throw new IllegalArgumentException("orchestrators must be at least 1, not " + orchestrators);
        }
    }

    /** One broker, one gateway and one orchestrator, as run-local starts by default. */
    public LaunchOptions(Path home, int port, int workers, boolean demo, Path dataDir, boolean keepData, int kafkaPort,
            int postgresPort) {
        this(home, port, workers, demo, dataDir, keepData, kafkaPort, postgresPort, 1, 1, 1);
    }

    /** A plaintext Kafka that lets every client do anything, as run-local starts by default. */
    public LaunchOptions(Path home, int port, int workers, boolean demo, Path dataDir, boolean keepData, int kafkaPort,
            int postgresPort, int brokers, int gateways, int orchestrators) {
        this(home, port, workers, demo, dataDir, keepData, kafkaPort, postgresPort, brokers, gateways, orchestrators,
                false);
    }

    public int orchestratorPort() {
        return orchestratorPort(0);
    }

    /** Orchestrator i (from 0): the first on base+1, the others after the last gateway. */
    public int orchestratorPort(int orchestrator) {
        return orchestrator == 0 ? port + 1 : port + workers + gateways + orchestrator;
    }

    public int workerPort(int worker) {
        return port + 2 + worker;
    }

    /** Gateway i (from 0): the first on the base port, the others after the workers. */
    public int gatewayPort(int gateway) {
        return gateway == 0 ? port : port + 1 + workers + gateway;
    }

    static LaunchOptions parse(List<String> args) {
        Path home = Path.of(".").toAbsolutePath().normalize();
        int port = DEFAULT_PORT;
        int workers = DEFAULT_WORKERS;
        int kafkaPort = DEFAULT_KAFKA_PORT;
        int postgresPort = DEFAULT_POSTGRES_PORT;
        int brokers = 1;
        int gateways = 1;
        int orchestrators = 1;
        boolean demo = false;
        boolean secure = false;
        Path dataDir = null;
        CommandLineArgs flags = new CommandLineArgs(args);
        while (flags.hasNext()) {
            String flag = flags.flag();
            switch (flag) {
                case "--home" -> home = flags.path(flag);
                case "--port" -> port = flags.intValue(flag, 1, 65_000);
                case "--workers" -> workers = flags.intValue(flag, 1, 32);
                case "--brokers" -> brokers = brokerCount(flags.intValue(flag, 1, 3));
                case "--gateways" -> gateways = flags.intValue(flag, 1, 8);
                case "--orchestrators" -> orchestrators = flags.intValue(flag, 1, 8);
                case "--kafka-port" -> kafkaPort = flags.intValue(flag, 1, 65_000);
                case "--postgres-port" -> postgresPort = flags.intValue(flag, 1, 65_535);
                case "--data-dir" -> dataDir = flags.path(flag);
                case "--demo" -> demo = true;
                case "--secure" -> secure = true;
                case "-h", "--help" -> throw CommandLineArgs.help();
                default -> throw CommandLineArgs.unknown(flag);
            }
        }
        boolean keep = dataDir != null;
        try {
            Path dir = keep ? Files.createDirectories(dataDir) : Files.createTempDirectory("batchpulse-");
            return new LaunchOptions(home, port, workers, demo, dir, keep, kafkaPort, postgresPort, brokers, gateways,
                    orchestrators, secure);
        } catch (java.io.IOException e) {
            throw new CommandLineArgs.UsageException("cannot create data directory " + dataDir + ": " + e.getMessage());
        }
    }

    private static int brokerCount(int brokers) {
        if (brokers == 2) {
            throw new CommandLineArgs.UsageException("--brokers takes 1 or 3: two voters cannot lose one and keep a quorum");
        }
        return brokers;
    }

    static final String USAGE = """
            Usage: deploy/run-local [--port 8080] [--workers 2] [--brokers 1|3] [--gateways 1] [--orchestrators 1]
                                    [--demo] [--secure] [--data-dir DIR] [--kafka-port 29092] [--postgres-port 25432]
              --port       the gateway's port; the orchestrator takes port+1, worker i port+2+i,
                           further gateways the ports after the workers, further orchestrators
                           the ports after those
              --workers    generation-worker processes to start (default 2)
              --brokers    Kafka nodes: 1 (default) or 3 (replication factor 3, min.insync.replicas 2)
              --gateways   progress-gateway processes to start (default 1)
              --orchestrators  batch-orchestrator processes to start (default 1); each batch is
                           dispatched by one of them, and the others take it over when it stops
              --demo       submit a demo batch of 500 simulated items and print its id
              --secure     Kafka with SASL/SCRAM-SHA-512 and ACLs: each service on a user of its own,
                           a tool user that may only write commands; passwords in
                           <data-dir>/kafka-users.properties
              --data-dir   keep broker, database and logs here across restarts (default: a temp dir)
            """;
}
