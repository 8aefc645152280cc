package io.batchpulse.events.url;

import java.net.UnknownHostException;

/**
 * A host that a worker must not call. An {@link UnknownHostException}, so an HTTP client that
 * resolves through {@link TargetPolicy#resolve} gives up on the connection at once, as for a name
 * that does not exist, and never retries it.
 */
public class TargetRefusedException extends UnknownHostException {

    private static final long serialVersionUID = 1L;

    /** @param reason says why, naming the host as written; fit for the user who named it */
    public TargetRefusedException(String reason) {
        super(reason);
    }
}
