package io.batchpulse.worker.support;

import io.batchpulse.worker.spi.ItemOutcome;
import io.batchpulse.worker.spi.ItemProcessor;
import io.batchpulse.worker.spi.ItemWork;

/** A processor with a bug: it throws something other than ItemProcessingException. */
public class ExplodingTestProcessor implements ItemProcessor {

    @Override
    public String name() {
        return "exploding";
    }

    @Override
    public ItemOutcome process(ItemWork work) {
        throw new IllegalStateException("boom in item " + work.index());
    }
}
