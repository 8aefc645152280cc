package io.batchpulse.deploy;

import static org.apache.kafka.common.acl.AclOperation.ALL;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;

import io.batchpulse.events.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What each user of a secured cluster may do: exactly what its service does (the module table in
 * the root README) and no more, as deploy/k8s/base/kafka/users.yaml grants it to the same users.
 * Only the gateway and the tool may write batch-commands: that is what makes a command's
 * {@code requestedBy} trustworthy (see "Secured topics" in the root README). No service may create
 * Batchpulse's topics (the gateway only its Streams app's internal ones): the launcher's admin
 * does, as Strimzi's topic operator does in a cluster.
 */
final class KafkaAcls {

    private final List<AclBinding> bindings = new ArrayList<>();

    private KafkaAcls() {
    }

    /** Every ACL of the services and the tool for the topics of {@code topics}' prefix. */
    static List<AclBinding> of(Topics topics) {
        KafkaAcls acls = new KafkaAcls();
        for (KafkaUser service : List.of(KafkaUser.ORCHESTRATOR, KafkaUser.WORKER, KafkaUser.GATEWAY)) {
            // each service's admin client checks at start-up that the topics it declares exist
            acls.allow(service, prefixed(ResourceType.TOPIC, topics.prefix()), DESCRIBE);
        }
        acls.allow(KafkaUser.ORCHESTRATOR, topic(topics.batchCommands()), READ);
        acls.allow(KafkaUser.ORCHESTRATOR, topic(topics.batchEvents()), READ, WRITE);
        acls.allow(KafkaUser.ORCHESTRATOR, topic(topics.itemDispatch()), WRITE);
        acls.allow(KafkaUser.ORCHESTRATOR, topic(Topics.deadLetter(topics.batchCommands())), WRITE);
        acls.allow(KafkaUser.ORCHESTRATOR, topic(Topics.deadLetter(topics.batchEvents())), WRITE);
        acls.allow(KafkaUser.ORCHESTRATOR, group("batchpulse-orchestrator-commands"), READ);
        acls.allow(KafkaUser.ORCHESTRATOR, group("batchpulse-orchestrator-recorder"), READ);
        // dispatch goes in transactions, one transactional id per batch-commands partition
        acls.allow(KafkaUser.ORCHESTRATOR, prefixed(ResourceType.TRANSACTIONAL_ID,
                topics.dispatchTransactionalIdPrefix()), WRITE, DESCRIBE);

        acls.allow(KafkaUser.WORKER, topic(topics.itemDispatch()), READ);
        acls.allow(KafkaUser.WORKER, topic(topics.batchEvents()), WRITE);
        acls.allow(KafkaUser.WORKER, topic(Topics.deadLetter(topics.itemDispatch())), WRITE);
        acls.allow(KafkaUser.WORKER, group("batchpulse-workers"), READ);

        acls.allow(KafkaUser.GATEWAY, topic(topics.batchCommands()), WRITE);
        acls.allow(KafkaUser.GATEWAY, topic(topics.batchEvents()), READ);
        acls.allow(KafkaUser.GATEWAY, topic(topics.batchProgress()), READ, WRITE);
        acls.allow(KafkaUser.GATEWAY, topic(topics.streamCounts()), READ, WRITE);
        acls.allow(KafkaUser.GATEWAY, topic(topics.streamTickets()), READ, WRITE);
        acls.allow(KafkaUser.GATEWAY, topic(Topics.deadLetter(topics.batchEvents())), WRITE);
        // commands go in transactions, one transactional id prefix per gateway instance
        acls.allow(KafkaUser.GATEWAY, prefixed(ResourceType.TRANSACTIONAL_ID, "batchpulse-gateway-"), WRITE, DESCRIBE);
        acls.allow(KafkaUser.GATEWAY, prefixed(ResourceType.GROUP, "batchpulse-gateway-outcomes-"), READ);
        // the progress fold (Kafka Streams, exactly once): its group, internal topics and transactional
        // ids all start with its application id
        acls.allow(KafkaUser.GATEWAY, group("batchpulse-progress"), READ, DESCRIBE);
        acls.allow(KafkaUser.GATEWAY, prefixed(ResourceType.TOPIC, "batchpulse-progress-"), ALL);
        acls.allow(KafkaUser.GATEWAY, prefixed(ResourceType.TRANSACTIONAL_ID, "batchpulse-progress-"), WRITE, DESCRIBE);

        // an operator's tool writes commands (idempotently, which Write on a topic allows) and reads nothing
        acls.allow(KafkaUser.TOOL, topic(topics.batchCommands()), WRITE, DESCRIBE);
        return List.copyOf(acls.bindings);
    }

    private void allow(KafkaUser user, ResourcePattern resource, AclOperation... operations) {
        for (AclOperation operation : operations) {
            bindings.add(new AclBinding(resource,
                    new AccessControlEntry(user.principal(), "*", operation, AclPermissionType.ALLOW)));
        }
    }

    private static ResourcePattern topic(String name) {
        return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
    }

    private static ResourcePattern group(String name) {
        return new ResourcePattern(ResourceType.GROUP, name, PatternType.LITERAL);
    }

    private static ResourcePattern prefixed(ResourceType type, String prefix) {
        return new ResourcePattern(type, prefix, PatternType.PREFIXED);
    }
}
