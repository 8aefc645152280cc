package io.batchpulse.gateway.batch;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.command.AppendItems;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.NewItem;
import io.batchpulse.events.model.Requester;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * Cuts items into append-items chunks bounded by count and by JSON size, so no command record
 * grows past what the broker accepts (1 MB by default) however large the items are. The streaming
 * form pulls items one chunk at a time, so a file of any size is cut with one chunk in memory.
 */
public final class ItemChunker {

    private ItemChunker() {
    }

    /** A chunk of consecutive items starting at firstIndex. */
    public record Chunk(long firstIndex, List<NewItem> items) {

        /** The append-items command that carries this chunk into the batch. */
        public AppendItems command(UUID batchId, Instant requestedAt, Requester requester) {
            return new AppendItems(UUID.randomUUID(), batchId, requestedAt, SchemaVersion.CURRENT, requester,
                    firstIndex, items);
        }
    }

    static List<Chunk> chunks(List<NewItem> items, int maxCount, long maxBytes) {
        List<Chunk> chunks = new ArrayList<>();
        stream(items.iterator(), maxCount, maxBytes).forEachRemaining(chunks::add);
        return chunks;
    }

    /**
     * The chunks of {@code items}, cut as they are pulled: a chunk is complete when the next item
     * would pass either bound (that item starts the next chunk), or when the items end. An item
     * larger than {@code maxBytes} on its own gets a chunk of its own.
     */
    public static Iterator<Chunk> stream(Iterator<NewItem> items, int maxCount, long maxBytes) {
        return new Iterator<>() {
            private NewItem carried;
            private long carriedBytes;
            private long nextIndex;

            @Override
            public boolean hasNext() {
                return carried != null || items.hasNext();
            }

            @Override
            public Chunk next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long firstIndex = nextIndex;
                List<NewItem> current = new ArrayList<>();
                long currentBytes = 0;
                if (carried != null) {
                    current.add(carried);
                    currentBytes = carriedBytes;
                    carried = null;
                }
                while (items.hasNext()) {
                    NewItem item = items.next();
                    long bytes = sizeOf(item);
                    if (!current.isEmpty() && (current.size() >= maxCount || currentBytes + bytes > maxBytes)) {
                        carried = item;
                        carriedBytes = bytes;
                        break;
                    }
                    current.add(item);
                    currentBytes += bytes;
                }
                nextIndex += current.size();
                return new Chunk(firstIndex, List.copyOf(current));
            }
        };
    }

    /** The size rule of both the chunks and the per-item limit: the item as the command carries it. */
    public static long sizeOf(NewItem item) {
        return EventJson.mapper().writeValueAsBytes(item).length;
    }
}
