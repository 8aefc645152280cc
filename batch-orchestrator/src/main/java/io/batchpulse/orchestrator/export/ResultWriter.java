package io.batchpulse.orchestrator.export;

import java.io.IOException;
import java.io.OutputStream;

/** Writes rows to the response as they come: nothing is collected, so memory does not grow with the batch. */
interface ResultWriter {

    void write(ResultRow row) throws IOException;

    /** Pushes what is buffered to the client, once per page. */
    void flush() throws IOException;

    static ResultWriter of(ResultFormat format, OutputStream out) throws IOException {
        return switch (format) {
            case JSONL -> new JsonlResultWriter(out);
            case CSV -> new CsvResultWriter(out);
        };
    }
}
