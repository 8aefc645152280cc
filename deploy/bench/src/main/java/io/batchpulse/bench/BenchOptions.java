package io.batchpulse.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code deploy/bench/run} was asked for. Sizes default to the figures of DESIGN §9;
 * {@code --quick} shrinks every one of them for a smoke run during development.
 *
 * @param target    a running gateway to measure instead of starting the embedded stack (null: start it)
 * @param bootstrap the running stack's Kafka bootstrap servers (with target)
 */
record BenchOptions(
        Path home,
        Set<String> scenarios,
        URI target,
        String bootstrap,
        String topicPrefix,
        int workers,
        int port,
        int kafkaPort,
        int postgresPort,
        int items,
        int maxInFlight,
        int rate,
        Duration duration,
        int connections,
        int connectionBatches,
        int batches,
        int batchItems,
        int bigItems,
        int leakBatches,
        boolean jfr,
        Path results) {

    static final List<String> ALL = List.of("throughput", "latency", "connections", "concurrency", "bigbatch", "leak");

    boolean local() {
        return target == null;
    }

    static BenchOptions parse(List<String> args) {
        Path home = Path.of(".").toAbsolutePath().normalize();
        Set<String> scenarios = new LinkedHashSet<>(ALL);
        URI target = null;
        String bootstrap = null;
        String prefix = "batchpulse.";
        int workers = 2;
        int port = 18080;
        int kafkaPort = 39092;
        int postgresPort = 35432;
        Integer items = null;
        int maxInFlight = 2_000;
        int rate = 1_000;
        Duration duration = null;
        Integer connections = null;
        Integer connectionBatches = null;
        Integer batches = null;
        int batchItems = 50;
        Integer bigItems = null;
        Integer leakBatches = null;
        boolean quick = false;
        boolean jfr = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--home" -> home = Path.of(value(args, ++i, arg)).toAbsolutePath().normalize();
                case "--scenario" -> scenarios = scenarios(value(args, ++i, arg));
                case "--target" -> target = URI.create(value(args, ++i, arg));
                case "--bootstrap" -> bootstrap = value(args, ++i, arg);
                case "--topic-prefix" -> prefix = value(args, ++i, arg);
                case "--workers" -> workers = intValue(args, ++i, arg, 1, 12);
                case "--port" -> port = intValue(args, ++i, arg, 1, 65_000);
                case "--kafka-port" -> kafkaPort = intValue(args, ++i, arg, 1, 65_000);
                case "--postgres-port" -> postgresPort = intValue(args, ++i, arg, 1, 65_535);
                case "--items" -> items = intValue(args, ++i, arg, 1, 10_000_000);
                case "--max-in-flight" -> maxInFlight = intValue(args, ++i, arg, 1, 10_000);
                case "--rate" -> rate = intValue(args, ++i, arg, 1, 100_000);
                case "--duration" -> duration = Duration.ofSeconds(intValue(args, ++i, arg, 1, 3_600));
                case "--connections" -> connections = intValue(args, ++i, arg, 1, 50_000);
                case "--connection-batches" -> connectionBatches = intValue(args, ++i, arg, 1, 10_000);
                case "--batches" -> batches = intValue(args, ++i, arg, 1, 100_000);
                case "--batch-items" -> batchItems = intValue(args, ++i, arg, 1, 10_000);
                case "--big-items" -> bigItems = intValue(args, ++i, arg, 1, 10_000_000);
                case "--leak-batches" -> leakBatches = intValue(args, ++i, arg, 51, 100_000);
                case "--quick" -> quick = true;
                case "--jfr" -> jfr = true;
                case "-h", "--help" -> throw new UsageException(null);
                default -> throw new UsageException("unknown option " + arg);
            }
        }
        if ((target == null) != (bootstrap == null)) {
            throw new UsageException("--target and --bootstrap go together");
        }
        return new BenchOptions(home, scenarios, target, bootstrap, prefix, workers, port, kafkaPort, postgresPort,
                orDefault(items, quick ? 10_000 : 100_000), maxInFlight, rate,
                duration != null ? duration : Duration.ofSeconds(quick ? 10 : 60),
                orDefault(connections, quick ? 500 : 10_000), orDefault(connectionBatches, quick ? 20 : 200),
                orDefault(batches, quick ? 100 : 1_000), batchItems, orDefault(bigItems, quick ? 50_000 : 1_000_000),
                orDefault(leakBatches, quick ? 100 : 1_000), jfr,
                home.resolve("deploy/bench/target/results"));
    }

    private static Set<String> scenarios(String raw) {
        if (raw.equals("all")) {
            return new LinkedHashSet<>(ALL);
        }
        Set<String> chosen = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String name : raw.split(",")) {
            if (ALL.contains(name.trim())) {
                chosen.add(name.trim());
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty() || chosen.isEmpty()) {
            throw new UsageException("unknown scenario " + unknown + "; known: all, " + String.join(", ", ALL));
        }
        return chosen;
    }

    private static int orDefault(Integer value, int fallback) {
        return value != null ? value : fallback;
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) {
            throw new UsageException(flag + " needs a value");
        }
        return args.get(i);
    }

    private static int intValue(List<String> args, int i, String flag, int min, int max) {
        String raw = value(args, i, flag).replace("_", "");
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
            Usage: deploy/bench/run [--scenario all|throughput,latency,connections,concurrency,bigbatch,leak]
                                    [--quick] [--workers 2] [--jfr]
                                    [--target http://HOST:PORT --bootstrap HOST:PORT [--topic-prefix batchpulse.]]
              sizes: --items 100000 (throughput)  --max-in-flight 2000 (throughput, bigbatch)
                     --rate 1000 --duration 60 (latency, items/s and seconds)
                     --connections 10000 --connection-batches 200 (connections)
                     --batches 1000 --batch-items 50 (concurrency)  --big-items 1000000 (bigbatch)
                     --leak-batches 1000 (leak)
              --quick    small sizes for a smoke run (10,000 items, 10 s, 500 connections, 100 batches)
              --jfr      record a JFR profile of every service; files under deploy/bench/target/results/
              ports of the embedded stack: --port 18080 (gateway; orchestrator +1, workers +2..)
                     --kafka-port 39092 --postgres-port 35432
            """;

    /** A command-line mistake: printed with the usage, exit code 2. */
    static final class UsageException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
