package io.batchpulse.deploy.replay;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.ItemEvent;
import java.io.IOException;
import java.io.Writer;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import tools.jackson.databind.JsonNode;

/**
 * Every item's final state, one CSV row per item, ordered by batch and index. The rows are
 * known only at the end, so they are held in memory (a few hundred bytes an item).
 */
final class ItemCsv implements EventSink {

    private static final Comparator<ItemOutcome> ORDER =
            Comparator.comparing(ItemOutcome::batchId).thenComparingLong(ItemOutcome::index);

    private final Writer out;
    private final Map<UUID, ItemOutcome> items = new HashMap<>();

    ItemCsv(Writer out) {
        this.out = out;
    }

    @Override
    public void accept(BatchEvent event, JsonNode json) {
        if (event instanceof ItemEvent item && item.itemId() != null) {
            items.compute(item.itemId(), (id, current) -> ItemOutcome.next(current, item));
        }
    }

    @Override
    public void flush() {
        // rows are written once, by finish()
    }

    @Override
    public void finish() throws IOException {
        CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get());
        printer.printRecord(ItemOutcome.HEADER);
        for (ItemOutcome item : items.values().stream().sorted(ORDER).toList()) {
            printer.printRecord(item.row());
        }
        printer.flush();
    }
}
