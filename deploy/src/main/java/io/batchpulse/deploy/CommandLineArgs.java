package io.batchpulse.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The flags of the deploy module's command-line tools ({@code deploy/run-local}, the benchmark),
 * read one after another: each tool names its flags, this reads their values and words every
 * mistake the same way.
 */
public final class CommandLineArgs {

    private final List<String> args;
    private int next;

    public CommandLineArgs(List<String> args) {
        this.args = List.copyOf(args);
    }

    public boolean hasNext() {
        return next < args.size();
    }

    /** The next flag. */
    public String flag() {
        return args.get(next++);
    }

    /** The value after {@code flag}. */
    public String value(String flag) {
        if (next >= args.size()) {
            throw new UsageException(flag + " needs a value");
        }
        return args.get(next++);
    }

    /** A whole number in [min, max]; underscores may group its digits ({@code 1_000_000}). */
    public int intValue(String flag, int min, int max) {
        String raw = value(flag).replace("_", "");
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

    /** A path, made absolute. */
    public Path path(String flag) {
        return Path.of(value(flag)).toAbsolutePath().normalize();
    }

    /** What a tool answers for a flag it does not know. */
    public static UsageException unknown(String flag) {
        return new UsageException("unknown option " + flag);
    }

    /** What a tool answers for -h / --help: the usage alone, exit code 0. */
    public static UsageException help() {
        return new UsageException(null);
    }

    /**
     * Parses a tool's arguments; on a mistake prints it ({@code program: message}) with the usage
     * and exits with code 2, on --help prints the usage and exits with 0.
     */
    public static <T> T parseOrExit(String program, String usage, Function<List<String>, T> parser, String[] args) {
        try {
            return parser.apply(List.of(args));
        } catch (UsageException e) {
            if (e.getMessage() != null) {
                System.err.println(program + ": " + e.getMessage());
            }
            System.err.print(usage);
            System.exit(e.getMessage() == null ? 0 : 2);
            throw e;
        }
    }

    /** A command-line mistake (or a call for help, without a message): printed with the usage. */
    public static final class UsageException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }
}
