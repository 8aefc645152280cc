package io.batchpulse.worker.processor.http;

import com.sun.net.httpserver.HttpExchange;
import io.batchpulse.events.TopicSettings;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.worker.WorkerProperties;
import io.batchpulse.worker.spi.ItemProcessingException;
import io.batchpulse.worker.spi.ItemWork;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.springframework.util.unit.DataSize;

/** What the http processor's tests share: worker settings, items, and answers of the test servers. */
final class HttpFixtures {

    private HttpFixtures() {
    }

    static WorkerProperties properties(List<String> allowedTargets) {
        return new WorkerProperties("test-worker", "group", WorkerProperties.DispatchGroup.CONSUMER_GROUP, null, 1, 1,
                Duration.ofSeconds(30),
                new TopicSettings("t.", 1, 1, 1, (short) 1, Duration.ofDays(1)),
                new WorkerProperties.Retry(Duration.ofSeconds(1), 2, Duration.ofSeconds(60)),
                new WorkerProperties.Http(Duration.ofSeconds(5), Duration.ofSeconds(2), DataSize.ofKilobytes(256),
                        allowedTargets, Duration.ofHours(1)),
                DataSize.ofKilobytes(900));
    }

    static ItemWork work(UUID itemId, String config) {
        return new ItemWork(itemId, UUID.randomUUID(), 4, 2, 3, "NVDA",
                EventJson.mapper().readTree("{\"symbol\":\"NVDA\",\"beta\":2.1}"), EventJson.mapper().readTree(config),
                Duration.ofMinutes(5), null);
    }

    static ItemProcessingException failure(HttpProcessor processor, String url) {
        return Assertions.catchThrowableOfType(ItemProcessingException.class,
                () -> processor.process(work(UUID.randomUUID(), "{\"url\":\"" + url + "\"}")));
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
