package io.batchpulse.worker.spi;

/** Error codes the worker itself assigns; processors add their own (VALIDATION_FAILED, HTTP_5XX, ...). */
public final class ItemErrorCodes {

    /** The processor threw something other than {@link ItemProcessingException}; retryable. */
    public static final String PROCESSOR_ERROR = "PROCESSOR_ERROR";

    /** No processor of the dispatched name is installed on this worker; permanent. */
    public static final String UNKNOWN_PROCESSOR = "UNKNOWN_PROCESSOR";

    /** The batch's processor config does not fit the processor; permanent. */
    public static final String INVALID_CONFIG = "INVALID_CONFIG";

    private ItemErrorCodes() {
    }
}
