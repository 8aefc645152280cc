package io.batchpulse.gateway.api;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request body refused before it was read. Closing a connection while its client is still
 * sending makes the kernel answer with a reset, and a reset destroys whatever of the refusal the
 * client had not read yet: it sees a broken connection instead of 413. Tomcat used to read and drop
 * up to 2 MB of such a body on its own; Jetty reads only what has already arrived. So a refused
 * body that is at most that much over its limit is read and dropped before the answer; a larger
 * one costs its sender the connection, not the gateway the bandwidth.
 */
public final class UnreadBody {

    static final long MAX_PAST_LIMIT = 2L * 1024 * 1024;

    private UnreadBody() {
    }

    /**
     * @param declaredLength the body's Content-Length, or -1 when it is chunked (then what is left of
     *                       it is read up to {@code MAX_PAST_LIMIT})
     * @param limit          what the refused body was held to
     */
    public static void discard(InputStream body, long declaredLength, long limit) {
        if (declaredLength > limit + MAX_PAST_LIMIT) {
            return;
        }
        long left = declaredLength >= 0 ? declaredLength : MAX_PAST_LIMIT;
        byte[] buffer = new byte[8192];
        try {
            int read;
            while (left > 0 && (read = body.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= read;
            }
        } catch (IOException e) {
            // the client has gone or the body broke off: nobody is left to read the answer
        }
    }
}
