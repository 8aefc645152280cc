package io.batchpulse.worker.support;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.worker.spi.ItemOutcome;
import io.batchpulse.worker.spi.ItemProcessor;
import io.batchpulse.worker.spi.ItemWork;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Returns a result of {@code config.chars} characters; random hex, so a compressing producer
 * could not shrink it under a limit.
 */
public class LargeResultTestProcessor implements ItemProcessor {

    @Override
    public String name() {
        return "large-result";
    }

    @Override
    public ItemOutcome process(ItemWork work) {
        byte[] bytes = new byte[work.config().get("chars").intValue() / 2];
        new SplittableRandom(work.index()).nextBytes(bytes);
        return ItemOutcome.of(EventJson.mapper().createObjectNode().put("blob", HexFormat.of().formatHex(bytes)));
    }
}
