package io.batchpulse.gateway.batch;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.NewItem;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts items into append-items chunks bounded by count and by JSON size, so no command record
 * grows past what the broker accepts (1 MB by default) however large the items are.
 */
final class ItemChunker {

    private ItemChunker() {
    }

    /** A chunk of consecutive items starting at firstIndex. */
    record Chunk(long firstIndex, List<NewItem> items) {
    }

    static List<Chunk> chunks(List<NewItem> items, int maxCount, long maxBytes) {
        List<Chunk> chunks = new ArrayList<>();
        List<NewItem> current = new ArrayList<>();
        long currentBytes = 0;
        long firstIndex = 0;
        for (int index = 0; index < items.size(); index++) {
            NewItem item = items.get(index);
            long bytes = sizeOf(item);
            if (!current.isEmpty() && (current.size() >= maxCount || currentBytes + bytes > maxBytes)) {
                chunks.add(new Chunk(firstIndex, List.copyOf(current)));
                current.clear();
                currentBytes = 0;
                firstIndex = index;
            }
            current.add(item);
            currentBytes += bytes;
        }
        if (!current.isEmpty()) {
            chunks.add(new Chunk(firstIndex, List.copyOf(current)));
        }
        return chunks;
    }

    static long sizeOf(NewItem item) {
        return EventJson.mapper().writeValueAsBytes(item).length;
    }
}
