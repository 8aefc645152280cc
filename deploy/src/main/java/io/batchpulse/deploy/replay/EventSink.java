package io.batchpulse.deploy.replay;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.json.EventJson;
import java.io.IOException;
import java.io.Writer;
import tools.jackson.databind.JsonNode;

/** Where replayed events go: {@link Jsonl} writes each at once, {@link ItemCsv} folds them into rows. */
interface EventSink {

    void accept(BatchEvent event, JsonNode json) throws IOException;

    /** After each poll: what is written so far reaches the reader (a following replay never ends). */
    void flush() throws IOException;

    /** At the end of a bounded replay. */
    void finish() throws IOException;

    /**
     * One event per line, its JSON as the services wrote it with the common-events serde: every
     * field kept, also fields newer than this tool, re-encoded on one line.
     */
    final class Jsonl implements EventSink {

        private final Writer out;

        Jsonl(Writer out) {
            this.out = out;
        }

        @Override
        public void accept(BatchEvent event, JsonNode json) throws IOException {
            out.write(EventJson.mapper().writeValueAsString(json));
            out.write('\n');
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void finish() throws IOException {
            out.flush();
        }
    }
}
