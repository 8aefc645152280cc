package io.batchpulse.deploy.replay;

import io.batchpulse.deploy.CommandLineArgs;
import io.batchpulse.deploy.replay.Replayer.ReplayReport;
import io.batchpulse.events.Topics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * {@code deploy/replay}: the tool analytics use to read the event log. Replays batch-events from
 * the start or from a time, for all batches or one, as JSONL events, a CSV of item outcomes or a CSV of batch summaries;
 * see {@link ReplayOptions#USAGE}.
 */
public final class Replay {

    private Replay() {
    }

    public static void main(String[] args) {
        ReplayOptions options = CommandLineArgs.parseOrExit("replay", ReplayOptions.USAGE,
                arguments -> ReplayOptions.parse(arguments, System.getenv()), args);
        try {
            ReplayReport report = run(options, System.out, System.err);
            System.err.println(report.summary());
        } catch (RuntimeException e) {
            System.err.println("replay: " + e.getMessage());
            System.exit(1);
        }
    }

    static ReplayReport run(ReplayOptions options, OutputStream standardOut, PrintStream diagnostics) {
        String topic = new Topics(options.topicPrefix()).batchEvents();
        try (OutputStream target = options.out() == null ? nonClosing(standardOut) : Files.newOutputStream(options.out());
                Writer out = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8));
                EventLog log = new EventLog(options, topic)) {
            EventSink sink = switch (options.format()) {
                case JSONL -> new EventSink.Jsonl(out);
                case CSV -> new ItemCsv(out);
                case SUMMARY -> new BatchSummaryCsv(out);
            };
            Replayer replayer = new Replayer(options.batch(), sink, diagnostics);
            Thread stopper = new Thread(log::stop, "replay-stop");
            if (options.follow()) {
                Runtime.getRuntime().addShutdownHook(stopper);
            }
            log.replay(options, replayer::accept, () -> flush(sink));
            sink.finish();
            return replayer.report();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + (options.out() == null ? "the output" : options.out()), e);
        }
    }

    private static void flush(EventSink sink) {
        try {
            sink.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Standard output outlives the replay: closing the writer only flushes it. */
    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
