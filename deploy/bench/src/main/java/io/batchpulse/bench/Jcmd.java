package io.batchpulse.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** jcmd against a service the benchmark started: a forced full GC, JFR start and dump. */
final class Jcmd {

    private Jcmd() {
    }

    static void fullGc(Service service) {
        service.pid().ifPresent(pid -> run(pid, "GC.run"));
    }

    /** The whole histogram of live objects (after a forced full GC), or "". */
    static String classHistogram(Service service) {
        return service.pid().isEmpty() ? "" : run(service.pid().getAsLong(), "GC.class_histogram");
    }

    static void startJfr(Service service) {
        service.pid().ifPresent(pid -> run(pid, "JFR.start", "name=bench", "settings=profile"));
    }

    static void dumpJfr(Service service, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            System.err.println("bench: cannot create " + file.getParent() + ": " + e.getMessage());
            return;
        }
        service.pid().ifPresent(pid -> run(pid, "JFR.dump", "name=bench", "filename=" + file.toAbsolutePath()));
    }

    static void stopJfr(Service service) {
        service.pid().ifPresent(pid -> run(pid, "JFR.stop", "name=bench"));
    }

    private static String run(long pid, String... command) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        argv.add(Long.toString(pid));
        argv.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                System.err.println("bench: jcmd " + String.join(" ", command) + " failed: " + output.strip());
            }
            return output;
        } catch (IOException e) {
            System.err.println("bench: jcmd unavailable: " + e.getMessage());
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
