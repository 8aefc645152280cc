package io.batchpulse.gateway.progress;

import io.batchpulse.events.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** The topics the progress app reads and writes, three partitions each, as the integration tests need them. */
final class ProgressTopics {

    private ProgressTopics() {
    }

    static void create(String bootstrap, Topics topics) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topics.batchEvents(), 3, (short) 1),
                    new NewTopic(Topics.deadLetter(topics.batchEvents()), 3, (short) 1),
                    new NewTopic(topics.batchProgress(), 3, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get();
        }
    }
}
