package io.batchpulse.gateway.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the orchestrator's export to the client through one buffer, telling the two ways it can
 * break apart. The client going away ends the copy quietly, and closing the orchestrator's stream
 * then makes it stop reading the database. The orchestrator failing mid-way must not look like the
 * end of the file: it is rethrown, and with the response already sent the servlet container then
 * cuts the connection instead of ending the body, so the client sees a broken download (while
 * everything still sits in the response buffer, the controller answers 503 instead).
 *
 * <p>Runs on the request thread, not as an async {@code StreamingResponseBody}: an async request
 * ends at the container's async timeout (30 s by default) however busy it is, which would cut a
 * large export short.
 */
final class ResultsRelay {

    private static final Logger log = LoggerFactory.getLogger(ResultsRelay.class);
    private static final int BUFFER = 16 * 1024;

    private ResultsRelay() {
    }

    static void copy(InputStream from, OutputStream to) {
        byte[] buffer = new byte[BUFFER];
        long copied = 0;
        while (true) {
            int read;
            try {
                read = from.read(buffer);
            } catch (IOException e) {
                throw new UncheckedIOException("The orchestrator's export broke off after " + copied + " bytes", e);
            }
            if (read < 0) {
                return;
            }
            try {
                to.write(buffer, 0, read);
            } catch (IOException e) {
                log.info("Results download stopped after {} bytes: the client went away ({})", copied, e.getMessage());
                return;
            }
            copied += read;
        }
    }
}
