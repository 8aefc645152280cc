package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The README's first command, run as a new user runs it: {@code deploy/run-local --demo}. */
class RunLocalIntegrationTests {

    private static final Pattern DEMO_LINE = Pattern.compile("Demo batch ([0-9a-f-]{36}) submitted.*");

    @Test
    void runLocalDemoPrintsReadyLineCompletesDemoBatchAndLeavesNoProcessBehind() throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        Path dataDir = Files.createTempDirectory("batchpulse-run-local-");
        int port = FreePorts.block(5);
        Process launcher = new ProcessBuilder(home.resolve("deploy/run-local").toString(), "--demo",
                "--port", Integer.toString(port), "--data-dir", dataDir.toString(),
                "--kafka-port", Integer.toString(FreePorts.block(2)),
                "--postgres-port", Integer.toString(FreePorts.block(1)))
                .redirectError(dataDir.resolveSibling(dataDir.getFileName() + ".stderr.log").toFile())
                .start();
        List<String> stdout = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> readLines(launcher, stdout), "run-local-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            long startedAt = System.nanoTime();
            await().atMost(Duration.ofMinutes(3)).until(() -> stdout.size() >= 2 || !launcher.isAlive());
            long readyMs = (System.nanoTime() - startedAt) / 1_000_000;
            System.out.println("run-local ready and demo submitted after " + readyMs + " ms");

            assertThat(stdout.get(0)).isEqualTo("Batchpulse is ready at http://127.0.0.1:" + port);
            Matcher demo = DEMO_LINE.matcher(stdout.get(1));
            assertThat(demo.matches()).as(stdout.get(1)).isTrue();
            UUID batch = UUID.fromString(demo.group(1));

            ApiClient api = ApiClient.as(java.net.URI.create("http://127.0.0.1:" + port), "demo");
            JsonNode finished = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> api.batch(batch), view -> view.path("status").asString().startsWith("completed"));
            assertThat(finished.path("completedItems").asLong() + finished.path("failedItems").asLong())
                    .isEqualTo(DemoBatch.ITEMS);
        } finally {
            List<ProcessHandle> children = launcher.descendants().toList();
            launcher.destroy();
            // up to LocalCluster's grace for a service recording its class data, plus the broker and database
            assertThat(launcher.waitFor(4, TimeUnit.MINUTES)).as("launcher stops on SIGTERM").isTrue();
            reader.join(5_000);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(children).noneMatch(ProcessHandle::isAlive);
                assertThat(processesUsing(dataDir)).as("nothing left running on the data directory").isEmpty();
            });
        }
        // each service recorded the classes it loaded as it stopped (or mapped an earlier run's)
        for (String module : List.of("batch-orchestrator", "generation-worker", "progress-gateway")) {
            assertThat(home.resolve(module + "/target/cds/" + module + "/" + module + ".jsa")).isNotEmptyFile();
        }
    }

    private static void readLines(Process process, List<String> lines) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("<stdout closed: " + e.getMessage() + ">");
        }
    }

    /** PostgreSQL daemonises away from the launcher, so look for anything still using the data directory. */
    private static List<ProcessHandle> processesUsing(Path dataDir) {
        String marker = dataDir.toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine().map(line -> line.contains(marker)).orElse(false))
                .toList();
    }
}
