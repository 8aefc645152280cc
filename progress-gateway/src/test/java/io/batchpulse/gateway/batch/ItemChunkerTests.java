package io.batchpulse.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.NewItem;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ItemChunkerTests {

    @Test
    void chunksAreBoundedByCountAndKeepPositions() {
        List<NewItem> items = items(25, 10);

        List<ItemChunker.Chunk> chunks = ItemChunker.chunks(items, 10, Long.MAX_VALUE);

        assertThat(chunks).extracting(ItemChunker.Chunk::firstIndex).containsExactly(0L, 10L, 20L);
        assertThat(chunks).extracting(c -> c.items().size()).containsExactly(10, 10, 5);
        assertThat(chunks.get(2).items().get(0)).isEqualTo(items.get(20));
    }

    @Test
    void chunksAreBoundedByBytesSoLargeItemsNeverMakeAnOversizedRecord() {
        List<NewItem> items = items(6, 1_000);
        long oneItem = ItemChunker.sizeOf(items.get(0));

        List<ItemChunker.Chunk> chunks = ItemChunker.chunks(items, 1_000, oneItem * 2);

        assertThat(chunks).extracting(ItemChunker.Chunk::firstIndex).containsExactly(0L, 2L, 4L);
    }

    @Test
    void anItemLargerThanTheByteBoundStillGetsAChunkOfItsOwn() {
        List<ItemChunker.Chunk> chunks = ItemChunker.chunks(items(2, 5_000), 1_000, 100);

        assertThat(chunks).hasSize(2).allSatisfy(c -> assertThat(c.items()).hasSize(1));
    }

    private static List<NewItem> items(int count, int payloadChars) {
        return IntStream.range(0, count)
                .mapToObj(i -> new NewItem("item " + i,
                        EventJson.mapper().createObjectNode().put("data", String.valueOf(i % 10).repeat(payloadChars))))
                .toList();
    }
}
