package io.batchpulse.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.NewItem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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

    @Test
    void theStreamingFormCutsTheSameChunksAsTheListForm() {
        List<NewItem> items = items(2_345, 100);
        long oneItem = ItemChunker.sizeOf(items.get(0));

        List<ItemChunker.Chunk> streamed = new ArrayList<>();
        ItemChunker.stream(items.iterator(), 1_000, oneItem * 700).forEachRemaining(streamed::add);

        assertThat(streamed).isEqualTo(ItemChunker.chunks(items, 1_000, oneItem * 700));
        assertThat(streamed).hasSizeGreaterThan(3).allSatisfy(chunk -> assertThat(
                chunk.items().stream().mapToLong(ItemChunker::sizeOf).sum()).isLessThanOrEqualTo(oneItem * 700));
        assertThat(streamed.stream().mapToInt(chunk -> chunk.items().size()).sum()).isEqualTo(2_345);
    }

    @Test
    void theStreamingFormPullsNoMoreThanOneItemBeyondTheChunkItHandsOut() {
        AtomicInteger pulled = new AtomicInteger();
        Iterator<NewItem> endless = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public NewItem next() {
                return new NewItem("item " + pulled.get(),
                        EventJson.mapper().createObjectNode().put("n", pulled.getAndIncrement()));
            }
        };

        Iterator<ItemChunker.Chunk> chunks = ItemChunker.stream(endless, 10, Long.MAX_VALUE);
        ItemChunker.Chunk first = chunks.next();
        ItemChunker.Chunk second = chunks.next();

        assertThat(first.items()).hasSize(10);
        assertThat(second.firstIndex()).isEqualTo(10);
        assertThat(second.items().get(0).payload().path("n").asInt()).isEqualTo(10);
        assertThat(pulled.get()).isEqualTo(21);
    }

    @Test
    void anEmptyStreamHasNoChunk() {
        assertThat(ItemChunker.stream(List.<NewItem>of().iterator(), 10, 100).hasNext()).isFalse();
    }

    private static List<NewItem> items(int count, int payloadChars) {
        return IntStream.range(0, count)
                .mapToObj(i -> new NewItem("item " + i,
                        EventJson.mapper().createObjectNode().put("data", String.valueOf(i % 10).repeat(payloadChars))))
                .toList();
    }
}
