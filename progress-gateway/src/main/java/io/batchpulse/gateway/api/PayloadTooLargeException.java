package io.batchpulse.gateway.api;

import java.io.IOException;

/**
 * Thrown by the size-limited request stream. An IOException so that JSON readers pass it up as
 * the cause of their read failure, where the exception handler finds it.
 */
class PayloadTooLargeException extends IOException {

    PayloadTooLargeException(long limit) {
        super("The request body is larger than " + limit + " bytes");
    }
}
