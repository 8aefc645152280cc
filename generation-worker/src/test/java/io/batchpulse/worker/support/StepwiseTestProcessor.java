package io.batchpulse.worker.support;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.worker.spi.ItemOutcome;
import io.batchpulse.worker.spi.ItemProcessor;
import io.batchpulse.worker.spi.ItemWork;

/** A long item that reports its progress; found through META-INF/services, not as a bean. */
public class StepwiseTestProcessor implements ItemProcessor {

    @Override
    public String name() {
        return "stepwise";
    }

    @Override
    public ItemOutcome process(ItemWork work) {
        for (int step = 1; step <= 3; step++) {
            work.reportProgress(step * 25.0, "step " + step + " of 4");
        }
        return ItemOutcome.of(EventJson.mapper().createObjectNode().put("steps", 4)).withScore(4.0);
    }
}
