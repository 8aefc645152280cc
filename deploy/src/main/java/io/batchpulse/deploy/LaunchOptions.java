package io.batchpulse.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code deploy/run-local} was asked for. Ports follow from the base port: the gateway
 * answers on it, the orchestrator on base+1, worker i on base+2+i; Kafka and PostgreSQL take
 * their own fixed loopback ports.
 *
 * @param dataDir   where the broker, the database and the logs live; a given directory keeps
 *                  state across restarts, otherwise a temporary one is removed on exit
 * @param keepData  false when dataDir is a temporary directory of this run
 */
public record LaunchOptions(Path home, int port, int workers, boolean demo, Path dataDir, boolean keepData,
        int kafkaPort, int postgresPort) {

    static final int DEFAULT_PORT = 8080;
    static final int DEFAULT_WORKERS = 2;
    static final int DEFAULT_KAFKA_PORT = 29092;
    static final int DEFAULT_POSTGRES_PORT = 25432;

    public int orchestratorPort() {
        return port + 1;
    }

    public int workerPort(int worker) {
        return port + 2 + worker;
    }

    public int kafkaControllerPort() {
        return kafkaPort + 1;
    }

    static LaunchOptions parse(List<String> args) {
        Path home = Path.of(".").toAbsolutePath().normalize();
        int port = DEFAULT_PORT;
        int workers = DEFAULT_WORKERS;
        int kafkaPort = DEFAULT_KAFKA_PORT;
        int postgresPort = DEFAULT_POSTGRES_PORT;
        boolean demo = false;
        Path dataDir = null;
        CommandLineArgs flags = new CommandLineArgs(args);
        while (flags.hasNext()) {
            String flag = flags.flag();
            switch (flag) {
                case "--home" -> home = flags.path(flag);
                case "--port" -> port = flags.intValue(flag, 1, 65_000);
                case "--workers" -> workers = flags.intValue(flag, 1, 32);
                case "--kafka-port" -> kafkaPort = flags.intValue(flag, 1, 65_000);
                case "--postgres-port" -> postgresPort = flags.intValue(flag, 1, 65_535);
                case "--data-dir" -> dataDir = flags.path(flag);
                case "--demo" -> demo = true;
                case "-h", "--help" -> throw CommandLineArgs.help();
                default -> throw CommandLineArgs.unknown(flag);
            }
        }
        boolean keep = dataDir != null;
        try {
            Path dir = keep ? Files.createDirectories(dataDir) : Files.createTempDirectory("batchpulse-");
            return new LaunchOptions(home, port, workers, demo, dir, keep, kafkaPort, postgresPort);
        } catch (java.io.IOException e) {
            throw new CommandLineArgs.UsageException("cannot create data directory " + dataDir + ": " + e.getMessage());
        }
    }

    static final String USAGE = """
            Usage: deploy/run-local [--port 8080] [--workers 2] [--demo] [--data-dir DIR]
                                    [--kafka-port 29092] [--postgres-port 25432]
              --port       the gateway's port; the orchestrator takes port+1, worker i port+2+i
              --workers    generation-worker processes to start (default 2)
              --demo       submit a demo batch of 500 simulated items and print its id
              --data-dir   keep broker, database and logs here across restarts (default: a temp dir)
            """;
}
