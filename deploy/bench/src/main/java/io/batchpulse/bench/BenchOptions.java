package io.batchpulse.bench;

import io.batchpulse.deploy.CommandLineArgs;
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
 * @param warmup    no-op items of each warm-up round before the first scenario (0: no warm-up)
 */
record BenchOptions(
        Path home,
        Set<String> scenarios,
        URI target,
        String bootstrap,
        String topicPrefix,
        int workers,
        int orchestrators,
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
        int uploadLines,
        int stalledReaders,
        int viewers,
        int unevenItems,
        int unevenMeanMs,
        double unevenSlowRate,
        int warmup,
        boolean jfr,
        Path results) {

    static final List<String> ALL = List.of("throughput", "latency", "connections", "concurrency", "bigbatch", "leak",
            "upload", "slowreaders", "failover", "fanout", "uneven");

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
        int orchestrators = 1;
        int port = 18080;
        int kafkaPort = 39092;
        int postgresPort = 35432;
        Integer items = null;
        Integer stalledReaders = null;
        Integer viewers = null;
        Integer unevenItems = null;
        int unevenMeanMs = 310;
        double unevenSlowRate = 0;
        int maxInFlight = 2_000;
        int rate = 1_000;
        Duration duration = null;
        Integer connections = null;
        Integer connectionBatches = null;
        Integer batches = null;
        int batchItems = 50;
        Integer bigItems = null;
        Integer leakBatches = null;
        Integer uploadLines = null;
        Integer warmup = null;
        boolean quick = false;
        boolean jfr = false;
        CommandLineArgs flags = new CommandLineArgs(args);
        while (flags.hasNext()) {
            String flag = flags.flag();
            switch (flag) {
                case "--home" -> home = flags.path(flag);
                case "--scenario" -> scenarios = scenarios(flags.value(flag));
                case "--target" -> target = URI.create(flags.value(flag));
                case "--bootstrap" -> bootstrap = flags.value(flag);
                case "--topic-prefix" -> prefix = flags.value(flag);
                case "--workers" -> workers = flags.intValue(flag, 1, 12);
                case "--orchestrators" -> orchestrators = flags.intValue(flag, 1, 6);
                case "--port" -> port = flags.intValue(flag, 1, 65_000);
                case "--kafka-port" -> kafkaPort = flags.intValue(flag, 1, 65_000);
                case "--postgres-port" -> postgresPort = flags.intValue(flag, 1, 65_535);
                case "--items" -> items = flags.intValue(flag, 1, 10_000_000);
                case "--max-in-flight" -> maxInFlight = flags.intValue(flag, 1, 10_000);
                case "--rate" -> rate = flags.intValue(flag, 1, 100_000);
                case "--duration" -> duration = Duration.ofSeconds(flags.intValue(flag, 1, 3_600));
                case "--connections" -> connections = flags.intValue(flag, 1, 50_000);
                case "--connection-batches" -> connectionBatches = flags.intValue(flag, 1, 10_000);
                case "--batches" -> batches = flags.intValue(flag, 1, 100_000);
                case "--batch-items" -> batchItems = flags.intValue(flag, 1, 10_000);
                case "--big-items" -> bigItems = flags.intValue(flag, 1, 10_000_000);
                case "--leak-batches" -> leakBatches = flags.intValue(flag, 51, 100_000);
                case "--upload-lines" -> uploadLines = flags.intValue(flag, 1, 10_000_000);
                case "--stalled" -> stalledReaders = flags.intValue(flag, 1, 50_000);
                case "--viewers" -> viewers = flags.intValue(flag, 1, 50_000);
                case "--uneven-items" -> unevenItems = flags.intValue(flag, 1, 1_000_000);
                case "--uneven-mean-ms" -> unevenMeanMs = flags.intValue(flag, 31, 600_000);
                case "--uneven-slow-percent" -> unevenSlowRate = flags.intValue(flag, 0, 100) / 100.0;
                case "--warmup" -> warmup = flags.intValue(flag, 0, 1_000_000);
                case "--quick" -> quick = true;
                case "--jfr" -> jfr = true;
                case "-h", "--help" -> throw CommandLineArgs.help();
                default -> throw CommandLineArgs.unknown(flag);
            }
        }
        if ((target == null) != (bootstrap == null)) {
            throw new CommandLineArgs.UsageException("--target and --bootstrap go together");
        }
        return new BenchOptions(home, scenarios, target, bootstrap, prefix, workers, orchestrators, port, kafkaPort,
                postgresPort,
                orDefault(items, quick ? 10_000 : 100_000), maxInFlight, rate,
                duration != null ? duration : Duration.ofSeconds(quick ? 10 : 60),
                orDefault(connections, quick ? 500 : 10_000), orDefault(connectionBatches, quick ? 20 : 200),
                orDefault(batches, quick ? 100 : 1_000), batchItems, orDefault(bigItems, quick ? 50_000 : 1_000_000),
                orDefault(leakBatches, quick ? 100 : 1_000), orDefault(uploadLines, quick ? 100_000 : 1_000_000),
                orDefault(stalledReaders, quick ? 100 : 1_000), orDefault(viewers, quick ? 200 : 5_000),
                orDefault(unevenItems, quick ? 500 : 3_000), unevenMeanMs, unevenSlowRate,
                orDefault(warmup, quick ? 5_000 : 20_000), jfr, home.resolve("deploy/bench/target/results"));
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
            throw new CommandLineArgs.UsageException("unknown scenario " + unknown + "; known: all, " + String.join(", ", ALL));
        }
        return chosen;
    }

    private static int orDefault(Integer value, int fallback) {
        return value != null ? value : fallback;
    }

    static final String USAGE = """
            Usage: deploy/bench/run [--scenario all|throughput,latency,connections,concurrency,bigbatch,leak,upload,
                                               slowreaders,failover,fanout,uneven]
                                    [--quick] [--workers 2] [--orchestrators 1] [--warmup 20000] [--jfr]
                                    [--target http://HOST:PORT --bootstrap HOST:PORT [--topic-prefix batchpulse.]]
              sizes: --items 100000 (throughput)  --max-in-flight 2000 (throughput, bigbatch)
                     --rate 1000 --duration 60 (latency, items/s and seconds)
                     --connections 10000 --connection-batches 200 (connections)
                     --batches 1000 --batch-items 50 (concurrency)  --big-items 1000000 (bigbatch)
                     --leak-batches 1000 (leak)  --upload-lines 1000000 (upload, lines of a JSONL file)
                     --stalled 1000 (slowreaders, sockets that never read; with --rate and --duration)
                     --viewers 5000 (fanout, viewers of one batch; with --rate and --duration)
                     --uneven-items 3000 --uneven-mean-ms 310 (uneven: items of mean ± 94 %, 20-600 ms by
                         default, as AI generation's 2-60 s scaled down a hundredfold); --uneven-slow-percent 0
                         (that many items take 20 × the mean instead: a long tail)
              --quick    small sizes for a smoke run (10,000 items, 10 s, 500 connections, 100 batches,
                         a 100,000-line file, 100 stalled sockets, 200 viewers, 500 uneven items)
              --warmup   items of each warm-up round: batches of no-op items at full speed, one viewer each,
                         run before the first scenario until the JIT compilers take at most 10 % of the
                         stack's CPU in a round (12 rounds at most), so that no scenario pays for the
                         services' compilation; 0: measure a cold stack
              --jfr      record a JFR profile of every service; files under deploy/bench/target/results/
              --orchestrators  orchestrator processes of the embedded stack (each batch is dispatched by one;
                         failover, which kills a batch's owner, needs 2 or more)
              ports of the embedded stack: --port 18080 (gateway; orchestrator +1, workers +2..)
                     --kafka-port 39092 --postgres-port 35432
            """;
}
