package io.batchpulse.orchestrator.api;

import static io.batchpulse.orchestrator.support.FakeWorker.completed;
import static io.batchpulse.orchestrator.support.FakeWorker.failed;
import static io.batchpulse.orchestrator.support.FakeWorker.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.NewItem;
import io.batchpulse.events.query.BatchView;
import io.batchpulse.events.query.ItemView;
import io.batchpulse.events.query.PageView;
import io.batchpulse.orchestrator.support.Commands;
import io.batchpulse.orchestrator.support.SharedOrchestratorIntegrationTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

/** The internal read API on a real batch: list, get, and items paged by status or filtered by label. */
class InternalApiIntegrationTests extends SharedOrchestratorIntegrationTest {

    @Test
    void internalApiListsGetsAndPagesItemsByStatus() throws Exception {
        UUID batchId = UUID.randomUUID();
        worker.behave(batchId, (d, w) -> w.send(started(d), d.index() % 2 == 1 ? failed(d, d.attempt())
                : completed(d, "ok")));
        commands.send(Commands.batch(batchId, 10, 10, Commands.options(4, 1, Duration.ofMinutes(1))));
        awaitCompleted(batchId);

        PageView<BatchView> list = api.get("/internal/v1/batches?owner=alice&status=completed_with_errors&size=500",
                new TypeReference<PageView<BatchView>>() { });
        assertThat(list.content()).extracting(BatchView::id).contains(batchId);

        BatchView batch = api.get("/internal/v1/batches/" + batchId, new TypeReference<BatchView>() { });
        assertThat(batch.status()).isEqualTo(BatchStatus.COMPLETED_WITH_ERRORS);
        assertThat(List.of(batch.totalItems(), batch.completedItems(), batch.failedItems(), batch.pendingItems(),
                batch.inProgressItems())).containsExactly(10L, 5L, 5L, 0L, 0L);
        assertThat(batch.options().maxInFlight()).isEqualTo(4);
        assertThat(batch.owner()).isEqualTo("alice");

        PageView<ItemView> failedPage = api.get("/internal/v1/batches/" + batchId + "/items?status=failed&size=2&page=1",
                new TypeReference<PageView<ItemView>>() { });
        assertThat(failedPage.totalElements()).isEqualTo(5);
        assertThat(failedPage.totalPages()).isEqualTo(3);
        assertThat(failedPage.content()).extracting(ItemView::index).containsExactly(5L, 7L);
        assertThat(failedPage.content().get(0).error().code()).isEqualTo("GENERATION_FAILED");
        PageView<ItemView> all = api.get("/internal/v1/batches/" + batchId + "/items",
                new TypeReference<PageView<ItemView>>() { });
        assertThat(all.content()).extracting(ItemView::index).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(all.content().get(0).result().get("value").asString()).isEqualTo("ok");

        assertThat(api.status("/internal/v1/batches/" + UUID.randomUUID())).isEqualTo(404);
        assertThat(api.status("/internal/v1/batches/" + UUID.randomUUID() + "/items")).isEqualTo(404);
        assertThat(api.status("/internal/v1/batches?size=501")).isEqualTo(400);
        assertThat(api.status("/internal/v1/batches?status=bogus")).isEqualTo(400);
        assertThat(api.status("/internal/v1/batches/" + batchId + "/items?page=-1")).isEqualTo(400);
        assertThat(api.status("/internal/v1/batches/not-a-uuid")).isEqualTo(400);
    }

    @Test
    void itemsAreFilteredByACaseInsensitiveSubstringOfTheirLabel() throws Exception {
        UUID batchId = UUID.randomUUID();
        List<NewItem> items = List.of(item("NVDA beta=1.5"), item("TSLA beta=2"), item("nvda 100%"),
                item("AAPL_x"), item("AAPLyx"), item(null));
        commands.send(Commands.create(batchId, Commands.options(1, 1, Duration.ofMinutes(1))));
        commands.send(Commands.append(batchId, 0, items));
        await().until(() -> counter(batchId, "total") == items.size());

        assertThat(labelled(batchId, "nvda")).containsExactly(0L, 2L);
        assertThat(labelled(batchId, "Beta=")).containsExactly(0L, 1L);
        // LIKE's wildcards are plain characters in the filter
        assertThat(labelled(batchId, "100%")).containsExactly(2L);
        assertThat(labelled(batchId, "L_x")).containsExactly(3L);
        assertThat(labelled(batchId, "zzz")).isEmpty();
        PageView<ItemView> paged = api.get("/internal/v1/batches/" + batchId + "/items?label=a&size=2&page=1",
                new TypeReference<PageView<ItemView>>() { });
        assertThat(paged.totalElements()).isEqualTo(5);
        assertThat(paged.content()).extracting(ItemView::index).containsExactly(2L, 3L);
        assertThat(api.status("/internal/v1/batches/" + batchId + "/items?label=" + "x".repeat(501))).isEqualTo(400);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_indexes WHERE indexname = 'batch_items_label_trgm'",
                Long.class)).isEqualTo(1);
    }

    private List<Long> labelled(UUID batchId, String text) throws Exception {
        PageView<ItemView> page = api.get("/internal/v1/batches/" + batchId + "/items?label="
                + URLEncoder.encode(text, StandardCharsets.UTF_8), new TypeReference<PageView<ItemView>>() { });
        return page.content().stream().map(ItemView::index).toList();
    }

    private static NewItem item(String label) {
        return new NewItem(label, EventJson.mapper().createObjectNode().put("n", 1));
    }
}
