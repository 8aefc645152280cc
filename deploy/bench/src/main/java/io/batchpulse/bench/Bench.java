package io.batchpulse.bench;

import io.batchpulse.deploy.CommandLineArgs;
import io.batchpulse.events.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code deploy/bench/run}: starts the embedded stack (or targets a running one), runs the
 * chosen scenarios one after another, prints a table per scenario and writes them as JSON under
 * deploy/bench/target/results/. Every load is on loopback, bounded in size and time.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) {
        BenchOptions options = CommandLineArgs.parseOrExit("bench", BenchOptions.USAGE, BenchOptions::parse, args);
        Map<String, Object> machine = Machine.describe();
        System.out.println("Machine: " + machine);
        List<ResultTable> tables = new ArrayList<>();
        ResultWriter writer = new ResultWriter(options.results());
        long start = System.nanoTime();
        System.err.println(options.local() ? "Starting the embedded stack (Kafka, PostgreSQL, "
                + options.orchestrators() + " orchestrator(s), " + options.workers() + " workers, gateway)..." : "Targeting " + options.target());
        try (Stack stack = options.local() ? Stack.local(options) : Stack.remote(options)) {
            System.err.println("Stack ready in " + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
            GatewayApi api = new GatewayApi(stack.gateway());
            String token = api.token(BenchContext.OWNER, false);
            Topics topics = new Topics(stack.topicPrefix());
            try (CommandWriter commands = new CommandWriter(stack.bootstrap(), topics, BenchContext.OWNER);
                    EventTap tap = new EventTap(stack.bootstrap(), topics)) {
                BenchContext context = new BenchContext(options, stack, api, token, commands, tap,
                        new Memory(api, token, stack.services()));
                if (options.warmup() > 0) {
                    machine.put("warmupSeconds", Warmup.run(context, options.warmup()).toMillis() / 1000.0);
                }
                machine.put("warmupItems", options.warmup());
                for (Scenario scenario : scenarios()) {
                    if (options.scenarios().contains(scenario.name())) {
                        ResultTable table = run(scenario, context);
                        tables.add(table);
                        System.out.println(table.render());
                        System.err.println("  written to " + writer.write(table));
                    }
                }
            }
        } catch (RuntimeException e) {
            System.err.println("bench: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
        }
        machine.put("loadAverageAtEnd", Machine.loadAverage());
        System.err.println("All results: " + writer.writeRun(machine, tables));
    }

    private static List<Scenario> scenarios() {
        return List.of(new ThroughputScenario(), new LatencyScenario(), new ConnectionsScenario(),
                new ConcurrencyScenario(), new BigBatchScenario(), new LeakScenario(), new UploadScenario(),
                new SlowReadersScenario(), new UnevenScenario(), new FailoverScenario(), new FanoutScenario());
    }

    /** One scenario, with JFR around it when asked; a failure is its table's note, not the run's end. */
    private static ResultTable run(Scenario scenario, BenchContext context) {
        System.err.println("Running " + scenario.name() + " (load average " + Machine.loadAverage() + ")...");
        Instant start = Instant.now();
        List<Service> services = context.stack().services();
        if (context.options().jfr()) {
            services.forEach(Jcmd::startJfr);
        }
        ResultTable table;
        try {
            table = scenario.run(context);
        } catch (RuntimeException e) {
            table = new ResultTable(scenario.name(), "failed").unavailable(e.getMessage());
            e.printStackTrace();
        } finally {
            if (context.options().jfr()) {
                for (Service service : services) {
                    Path file = context.options().results().resolve(scenario.name() + "-" + service.name() + ".jfr");
                    Jcmd.dumpJfr(service, file);
                    Jcmd.stopJfr(service);
                }
            }
        }
        long seconds = Duration.between(start, Instant.now()).toSeconds();
        table.data("durationSeconds", seconds).data("loadAverageAfter", Machine.loadAverage());
        table.row("(scenario wall time, load average after)", seconds + " s", "", "load " + Machine.loadAverage());
        return table;
    }
}
