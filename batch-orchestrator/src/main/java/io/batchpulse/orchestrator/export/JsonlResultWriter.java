package io.batchpulse.orchestrator.export;

import io.batchpulse.events.json.EventJson;
import java.io.IOException;
import java.io.OutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectWriter;

/** One JSON object per line (JSON Lines), written by Jackson's streaming generator straight to the response. */
final class JsonlResultWriter implements ResultWriter {

    private static final ObjectWriter ROW = EventJson.mapper().writerFor(ResultRow.class)
            // lines are separated by the newline written after each row, not by Jackson's default space
            .withRootValueSeparator("");

    private final JsonGenerator generator;

    JsonlResultWriter(OutputStream out) {
        this.generator = ROW.createGenerator(out);
    }

    @Override
    public void write(ResultRow row) throws IOException {
        try {
            ROW.writeValue(generator, row);
            generator.writeRaw('\n');
        } catch (JacksonException e) {
            throw asIo(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            generator.flush();
        } catch (JacksonException e) {
            throw asIo(e);
        }
    }

    /** Jackson 3 reports a failed write as an unchecked exception; the export treats every write failure alike. */
    private static IOException asIo(JacksonException e) {
        return e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
}
