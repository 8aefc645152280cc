package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.Topics;
import io.batchpulse.testsupport.sse.SseClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metrics deploy/observability documents, scraped from a running stack: every service as its
 * own process on a real broker and database, after a batch with failures and retries ran, a
 * viewer watched it, and unreadable records reached the orchestrator and the workers (so the
 * counters that appear with their first event exist). The table in the README is the list of
 * what must be there, so the documentation and the services cannot drift apart.
 */
class MetricsEndToEndIntegrationTests {

    private static LocalCluster cluster;
    private static Topics topics;

    @BeforeAll
    static void runABatchWhileSomeoneWatches() throws Exception {
        cluster = E2eCluster.get();
        topics = E2eCluster.topics();
        ApiClient api = ApiClient.as(cluster.gatewayUrl(), "metrics-viewer");
        Batches batches = new Batches(cluster, api);
        UUID batch = batches.create(Batches.body("metrics", 60, 5, 0.2, 2, "PT1M"));
        try (SseClient viewer = SseClient.open(cluster.gatewayUrl().resolve("/api/v1/batches/" + batch + "/progress"),
                api.token())) {
            batches.await(batch, "finished", view -> view.path("status").asString().startsWith("completed"));
            await().atMost(Duration.ofSeconds(30)).until(() -> !viewer.events().isEmpty());
        }
        sendUnreadable(topics.batchCommands());
        sendUnreadable(topics.itemDispatch());
    }

    @Test
    void everyDocumentedMetricIsScrapedWithItsType() {
        List<ObservabilityFiles.DocumentedMetric> documented = ObservabilityFiles.documentedMetrics();
        assertThat(documented).hasSizeGreaterThanOrEqualTo(15);
        // counters of first events (dead letters, SSE events) appear when those are acknowledged
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Map<String, PrometheusScrape> scrapes = scrapes();
            List<String> missing = new ArrayList<>();
            for (ObservabilityFiles.DocumentedMetric metric : documented) {
                for (String service : metric.services()) {
                    if (!scrapes.get(service).has(metric.name(), metric.type())) {
                        missing.add(metric.name() + " (" + metric.type() + ") on " + service);
                    }
                }
            }
            assertThat(missing).as("documented metrics missing from the scrapes").isEmpty();
        });
    }

    @Test
    void everyMetricTheDashboardAndTheAlertRulesUseIsScraped() {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Set<String> scraped = new HashSet<>();
            scrapes().values().forEach(scrape -> scraped.addAll(scrape.samples()));
            List<String> missing = new ArrayList<>();
            for (String expression : ObservabilityFiles.expressions()) {
                for (String name : ObservabilityFiles.metricNames(expression)) {
                    // up is made by Prometheus itself for every target
                    if (!"up".equals(name) && !scraped.contains(name)) {
                        missing.add(name + " in " + expression);
                    }
                }
            }
            assertThat(missing).as("metrics the dashboard or alerts use but no service exports").isEmpty();
        });
    }

    @Test
    void consumerLagIsTaggedWithEveryConsumerGroup() {
        Map<String, PrometheusScrape> scrapes = scrapes();
        assertThat(scrapes.get("worker").text())
                .containsPattern("kafka_consumer_fetch_manager_records_lag_max\\{[^}]*group=\"batchpulse-workers\"");
        assertThat(scrapes.get("orchestrator").text())
                .containsPattern("kafka_consumer_fetch_manager_records_lag_max\\{[^}]*group=\"batchpulse-orchestrator-commands\"")
                .containsPattern("kafka_consumer_fetch_manager_records_lag_max\\{[^}]*group=\"batchpulse-orchestrator-recorder\"");
        assertThat(scrapes.get("gateway").text())
                .containsPattern("kafka_consumer_fetch_manager_records_lag_max\\{[^}]*group=\"batchpulse-progress\"");
    }

    @Test
    void deadLettersAreCountedBySourceTopicAndItemsByOutcome() {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, PrometheusScrape> scrapes = scrapes();
            assertThat(scrapes.get("orchestrator").text()).containsPattern(
                    "batchpulse_dlt_records_total\\{[^}]*topic=\"" + topics.batchCommands().replace(".", "\\.") + "\"");
            assertThat(scrapes.get("worker").text()).containsPattern(
                    "batchpulse_dlt_records_total\\{[^}]*topic=\"" + topics.itemDispatch().replace(".", "\\.") + "\"");
        });
        String orchestrator = scrapes().get("orchestrator").text();
        assertThat(orchestrator).containsPattern("batchpulse_items_recorded_total\\{[^}]*outcome=\"completed\"} [1-9]");
        assertThat(orchestrator).containsPattern("batchpulse_dispatch_items_total\\{[^}]*} [1-9]");
        assertThat(scrapes().get("gateway").text()).containsPattern("batchpulse_sse_events_sent_total\\{[^}]*} [1-9]");
    }

    /** Each service once; the first worker stands for the workers. */
    private static Map<String, PrometheusScrape> scrapes() {
        Map<String, PrometheusScrape> scrapes = new LinkedHashMap<>();
        scrapes.put("orchestrator", PrometheusScrape.of(cluster.url(cluster.orchestrator())));
        scrapes.put("worker", PrometheusScrape.of(cluster.url(cluster.worker(0))));
        scrapes.put("gateway", PrometheusScrape.of(cluster.url(cluster.gateway())));
        return scrapes;
    }

    /**
     * A record no service can read, on every partition of the topic: whichever worker holds a
     * partition dead-letters its record, so the first worker's scrape has one too.
     */
    private static void sendUnreadable(String topic) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            int partitions = producer.partitionsFor(topic).size();
            for (int partition = 0; partition < partitions; partition++) {
                producer.send(new ProducerRecord<>(topic, partition, UUID.randomUUID().toString(),
                        "{not json".getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }
}
