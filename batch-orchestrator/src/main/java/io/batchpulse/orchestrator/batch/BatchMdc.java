package io.batchpulse.orchestrator.batch;

import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.MDC;

/** Runs work with a batchId in the logging MDC and restores what was there before. */
public final class BatchMdc {

    public static final String KEY = "batchId";

    private BatchMdc() {
    }

    public static void run(UUID batchId, Runnable work) {
        call(batchId, () -> {
            work.run();
            return null;
        });
    }

    public static <T> T call(UUID batchId, Supplier<T> work) {
        String previous = MDC.get(KEY);
        if (batchId == null) {
            MDC.remove(KEY);
        } else {
            MDC.put(KEY, batchId.toString());
        }
        try {
            return work.get();
        } finally {
            if (previous == null) {
                MDC.remove(KEY);
            } else {
                MDC.put(KEY, previous);
            }
        }
    }
}
