package io.batchpulse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time of the JIT compiler threads ("C1 CompilerThread0", "C2 CompilerThread1", ...) of every
 * JVM the benchmark started, read per thread from /proc. Empty where /proc has no thread names
 * (not Linux): the warm-up then runs one round.
 */
final class JitActivity {

    private static final Path PROC = Path.of("/proc");
    /** The kernel keeps 15 characters of a thread's name. */
    private static final String COMPILER_THREAD = "CompilerThre";
    /** /proc counts CPU in USER_HZ ticks, 100 a second on Linux whatever the kernel's own tick. */
    private static final long TICKS_PER_SECOND = 100;

    private JitActivity() {
    }

    /** The compiler threads' CPU so far, summed over the benchmark's descendant processes. */
    static Optional<Duration> compilerCpu() {
        if (!Files.isDirectory(PROC.resolve("self/task"))) {
            return Optional.empty();
        }
        long ticks = ProcessHandle.current().descendants().mapToLong(process -> compilerTicks(process.pid())).sum();
        return Optional.of(Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND));
    }

    private static long compilerTicks(long pid) {
        try (Stream<Path> tasks = Files.list(PROC.resolve(pid + "/task"))) {
            return tasks.mapToLong(JitActivity::compilerThreadTicks).sum();
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended meanwhile
        }
    }

    /** utime + stime of one thread if it is a compiler thread, else 0. */
    private static long compilerThreadTicks(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (open < 0 || close < open || !stat.substring(open + 1, close).contains(COMPILER_THREAD)) {
                return 0;
            }
            String[] fields = stat.substring(close + 2).split(" ");
            // after the name: state is field 0, utime 11, stime 12 (proc(5) fields 14 and 15)
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // the thread ended meanwhile
        }
    }
}
