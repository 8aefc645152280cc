package io.batchpulse.deploy.replay;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.ItemEvent;
import java.io.IOException;
import java.io.Writer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import tools.jackson.databind.JsonNode;

/** Every item's final state, one CSV row per item, ordered by batch and index, written at the end. */
final class ItemCsv implements EventSink {

    static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    private final Writer out;
    private final ItemOutcomes items = new ItemOutcomes();

    ItemCsv(Writer out) {
        this.out = out;
    }

    @Override
    public void accept(BatchEvent event, JsonNode json) {
        if (event instanceof ItemEvent item) {
            items.accept(item);
        }
    }

    @Override
    public void flush() {
        // rows are written once, by finish()
    }

    @Override
    public void finish() throws IOException {
        CSVPrinter printer = new CSVPrinter(out, FORMAT);
        printer.printRecord(ItemOutcome.HEADER);
        for (ItemOutcome item : items.sorted()) {
            printer.printRecord(item.row());
        }
        printer.flush();
    }
}
