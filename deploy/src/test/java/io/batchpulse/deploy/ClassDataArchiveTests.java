package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AppCDS for run-local on a real service jar (the worker's, built before this module). */
class ClassDataArchiveTests {

    private static final Path WORKER_JAR = Path.of("../generation-worker/target/generation-worker.jar");

    @Test
    void theFirstProcessRecordsTheArchiveOthersWaitForItAndLaterStartsMapIt(@TempDir Path target) throws Exception {
        Path jar = Files.copy(WORKER_JAR, target.resolve("generation-worker.jar"));
        Path extracted = target.resolve("cds/generation-worker");
        Path archive = extracted.resolve("generation-worker.jsa");
        String launch = extracted.resolve("generation-worker.jar").toString();
        ClassDataArchive cds = new ClassDataArchive(jar);

        List<String> first = cds.launchArguments();
        assertThat(first).containsExactly("-XX:ArchiveClassesAtExit=" + archive, "-jar", launch);
        assertThat(ClassDataArchive.recordsAtExit(first)).as("the first process records, so it gets time to").isTrue();
        assertThat(extracted.resolve("lib")).isDirectoryContaining(path -> path.toString().endsWith(".jar"));
        // a second worker while the first records: from the extraction, without an archive
        List<String> second = cds.launchArguments();
        assertThat(second).containsExactly("-jar", launch);
        assertThat(ClassDataArchive.recordsAtExit(second)).isFalse();

        Files.writeString(archive, "recorded when the first worker exited");
        assertThat(cds.launchArguments()).containsExactly("-XX:SharedArchiveFile=" + archive, "-jar", launch);
    }

    @Test
    void aRebuiltJarIsExtractedAgainAndItsArchiveRecordedAgain(@TempDir Path target) throws Exception {
        Path jar = Files.copy(WORKER_JAR, target.resolve("generation-worker.jar"));
        Path archive = target.resolve("cds/generation-worker/generation-worker.jsa");
        ClassDataArchive cds = new ClassDataArchive(jar);
        cds.launchArguments();
        Files.writeString(archive, "recorded from the old jar");

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        List<String> arguments = cds.launchArguments();

        assertThat(archive).doesNotExist();
        assertThat(arguments).first().isEqualTo("-XX:ArchiveClassesAtExit=" + archive);
    }
}
