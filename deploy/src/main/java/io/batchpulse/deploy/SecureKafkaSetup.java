package io.batchpulse.deploy;

import io.batchpulse.events.TopicSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Readies a secured cluster for the services, as its admin user: every other user's SCRAM
 * credential (set again at each start, so the file stays the truth), the topics (the services may
 * not create them) and the ACLs of {@link KafkaAcls}.
 */
final class SecureKafkaSetup {

    private static final int SCRAM_ITERATIONS = 8192;

    private SecureKafkaSetup() {
    }

    static void prepare(String bootstrapServers, KafkaCredentials credentials, TopicSettings topics) {
        Map<String, Object> config = new HashMap<>(credentials.clientProperties(KafkaUser.ADMIN));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            List<UserScramCredentialAlteration> users = List.of(KafkaUser.values()).stream()
                    .filter(user -> user != KafkaUser.ADMIN)
                    .<UserScramCredentialAlteration>map(user -> new UserScramCredentialUpsertion(user.username(),
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                            credentials.password(user)))
                    .toList();
            admin.alterUserScramCredentials(users).all().get();
            createTopics(admin, topics.newTopics());
            admin.createAcls(KafkaAcls.of(topics.names())).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not set up the secured Kafka: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while setting up the secured Kafka", e);
        }
    }

    /**
     * The topics as the services declare them: one replica on each broker, with the
     * partition counts the services read from the same variables, else the contract's.
     */
    static TopicSettings topics(String prefix, int brokers, Map<String, String> serviceEnv) {
        return new TopicSettings(prefix, null, partitions("BATCHPULSE_DISPATCH_PARTITIONS", serviceEnv),
                partitions("BATCHPULSE_EVENT_PARTITIONS", serviceEnv), (short) brokers, null);
    }

    private static Integer partitions(String variable, Map<String, String> serviceEnv) {
        String value = serviceEnv.getOrDefault(variable, System.getenv(variable));
        return value == null || value.isBlank() ? null : Integer.valueOf(value.trim());
    }

    private static void createTopics(Admin admin, List<NewTopic> topics) throws InterruptedException, ExecutionException {
        for (var created : admin.createTopics(topics).values().values()) {
            try {
                created.get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
