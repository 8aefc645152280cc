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
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--home" -> home = Path.of(value(args, ++i, arg)).toAbsolutePath().normalize();
                case "--port" -> port = intValue(args, ++i, arg, 1, 65_000);
                case "--workers" -> workers = intValue(args, ++i, arg, 1, 32);
                case "--kafka-port" -> kafkaPort = intValue(args, ++i, arg, 1, 65_000);
                case "--postgres-port" -> postgresPort = intValue(args, ++i, arg, 1, 65_535);
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg)).toAbsolutePath().normalize();
                case "--demo" -> demo = true;
                case "-h", "--help" -> throw new UsageException(null);
                default -> throw new UsageException("unknown option " + arg);
            }
        }
        boolean keep = dataDir != null;
        try {
            Path dir = keep ? Files.createDirectories(dataDir) : Files.createTempDirectory("batchpulse-");
            return new LaunchOptions(home, port, workers, demo, dir, keep, kafkaPort, postgresPort);
        } catch (java.io.IOException e) {
            throw new UsageException("cannot create data directory " + dataDir + ": " + e.getMessage());
        }
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) {
            throw new UsageException(flag + " needs a value");
        }
        return args.get(i);
    }

    private static int intValue(List<String> args, int i, String flag, int min, int max) {
        String raw = value(args, i, flag);
        try {
            int parsed = Integer.parseInt(raw);
            if (parsed < min || parsed > max) {
                throw new UsageException(flag + " must be between " + min + " and " + max + ", was " + raw);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs a number, was " + raw);
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

    /** A command-line mistake: printed with the usage, exit code 2. */
    static final class UsageException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
