package io.batchpulse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Application class-data sharing (AppCDS) for one service jar, so `run-local` can give the services
 * the full JIT without paying for it at start-up: the classes a service loads are recorded once into
 * a dynamic archive when its first run exits, and every later start maps them instead of loading,
 * verifying and linking them one by one.
 * <p>
 * The JVM maps classes only from plain jars on the class path, never from the jars nested in a
 * Spring Boot jar, so the jar is first extracted with Spring Boot's own tools jar mode (the
 * application jar beside its {@code lib/}) under {@code target/cds/<module>}. A rebuilt jar makes
 * both the extraction and the archive stale: they are made again. Of several processes of one
 * module, one records; the others run from the extraction without an archive until it exists.
 */
final class ClassDataArchive {

    private static final String STAMP = "extracted-from";
    private static final String RECORD = "-XX:ArchiveClassesAtExit=";

    private final Path jar;
    private final Path directory;
    private final Path archive;
    private boolean recorder;

    ClassDataArchive(Path jar) {
        String module = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        this.jar = jar;
        this.directory = jar.resolveSibling("cds").resolve(module);
        this.archive = directory.resolve(module + ".jsa");
    }

    /** The arguments that start the service: the class-data options, then {@code -jar} of the extracted jar. */
    synchronized List<String> launchArguments() {
        extractIfStale();
        List<String> arguments = new ArrayList<>();
        if (Files.isRegularFile(archive)) {
            arguments.add("-XX:SharedArchiveFile=" + archive);
        } else if (!recorder) {
            recorder = true;
            arguments.add(RECORD + archive);
        }
        arguments.add("-jar");
        arguments.add(directory.resolve(jar.getFileName()).toString());
        return arguments;
    }

    /** Whether a process started with these arguments records the archive as it exits. */
    static boolean recordsAtExit(List<String> launchArguments) {
        return launchArguments.stream().anyMatch(argument -> argument.startsWith(RECORD));
    }

    private void extractIfStale() {
        String source = jarIdentity();
        Path stamp = directory.resolve(STAMP);
        try {
            if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(source)) {
                return;
            }
            deleteRecursively(directory);
            Files.createDirectories(directory);
            Process extract = new ProcessBuilder(ChildProcess.java(List.of("-Djarmode=tools"), "-jar", jar.toString(),
                    "extract", "--destination", directory.toString(), "--force"))
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("extract.log").toFile())
                    .start();
            if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0) {
                extract.destroyForcibly();
                throw new IllegalStateException("Cannot extract " + jar + " for class-data sharing: see "
                        + directory.resolve("extract.log"));
            }
            Files.writeString(stamp, source);
            recorder = false; // a new archive to record, by the next process started
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract " + jar + " for class-data sharing", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while extracting " + jar, e);
        }
    }

    private String jarIdentity() {
        try {
            return Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jar, e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
