package io.batchpulse.worker.spi;

/** Error codes the worker itself assigns; processors add their own (VALIDATION_FAILED, HTTP_5XX, ...). */
public final class ItemErrorCodes {

    /** The processor threw something other than {@link ItemProcessingException}; retryable. */
    public static final String PROCESSOR_ERROR = "PROCESSOR_ERROR";

    /** No processor of the dispatched name is installed on this worker; permanent. */
    public static final String UNKNOWN_PROCESSOR = "UNKNOWN_PROCESSOR";

    /** The batch's processor config does not fit the processor; permanent. */
    public static final String INVALID_CONFIG = "INVALID_CONFIG";

    /**
     * The attempt's outcome is larger than the worker may publish ({@code worker.max-result-size}),
     * or the broker refused it as too large; permanent, since another attempt would return the same.
     */
    public static final String RESULT_TOO_LARGE = "RESULT_TOO_LARGE";

    private ItemErrorCodes() {
    }
}
