package io.batchpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JitActivityTests {

    @Test
    void countsTheCompilerThreadsOfARunningChildJvm() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "per-thread CPU is read from Linux's /proc");
        Duration before = JitActivity.compilerCpu().orElseThrow();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // -Xcomp compiles every method before its first call, so by the time the child says it is
        // up its compiler threads have worked; it then waits on its input, alive for the reading
        Process child = new ProcessBuilder(java.toString(), "-Xcomp", "-XX:-TieredCompilation", "-cp",
                System.getProperty("java.class.path"), IdleChild.class.getName()).redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(output.readLine()).isEqualTo(IdleChild.UP);

            assertThat(JitActivity.compilerCpu().orElseThrow()).isGreaterThan(before);
        } finally {
            child.destroyForcibly();
        }
    }

    /** The child: says it is up, then waits until its input closes. */
    static final class IdleChild {

        static final String UP = "up";

        public static void main(String[] args) throws IOException {
            System.out.println(UP);
            System.out.flush();
            System.in.read();
        }
    }
}
