package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * run-local --secure grants what deploy/k8s grants: the same users may do the same things, so a
 * local run finds a missing ACL before a cluster does. Only the gateway and the tool may write
 * batch-commands, by any ACL that matches its name.
 */
class KafkaAclsTests {

    private static final Topics TOPICS = Topics.defaults();
    private static final List<KafkaUser> USERS = List.of(KafkaUser.ORCHESTRATOR, KafkaUser.WORKER, KafkaUser.GATEWAY,
            KafkaUser.TOOL);

    @Test
    void everyUserMayDoWhatItsKafkaUserInK8sMay() throws IOException {
        Map<String, Set<String>> k8s = k8sGrants();
        for (KafkaUser user : USERS) {
            Set<String> local = KafkaAcls.of(TOPICS).stream()
                    .filter(binding -> binding.entry().principal().equals(user.principal()))
                    .map(KafkaAclsTests::grant)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(local).as(user.username()).isEqualTo(k8s.get(user.username()));
        }
    }

    @Test
    void onlyTheGatewayAndTheToolMayWriteCommands() {
        Set<String> writers = KafkaAcls.of(TOPICS).stream()
                .filter(binding -> binding.pattern().resourceType() == ResourceType.TOPIC)
                .filter(binding -> Set.of(AclOperation.WRITE, AclOperation.ALL).contains(binding.entry().operation()))
                .filter(binding -> binding.pattern().patternType() == PatternType.LITERAL
                        ? binding.pattern().name().equals(TOPICS.batchCommands())
                        : TOPICS.batchCommands().startsWith(binding.pattern().name()))
                .map(binding -> binding.entry().principal())
                .collect(Collectors.toSet());

        assertThat(writers).containsExactlyInAnyOrder(KafkaUser.GATEWAY.principal(), KafkaUser.TOOL.principal());
    }

    @Test
    void theToolReadsNothingAndWritesOnlyCommands() {
        assertThat(KafkaAcls.of(TOPICS)).filteredOn(binding -> binding.entry().principal().equals(KafkaUser.TOOL.principal()))
                .extracting(KafkaAclsTests::grant)
                .containsExactlyInAnyOrder("TOPIC " + TOPICS.batchCommands() + " LITERAL WRITE",
                        "TOPIC " + TOPICS.batchCommands() + " LITERAL DESCRIBE");
    }

    private static String grant(AclBinding binding) {
        return binding.pattern().resourceType() + " " + binding.pattern().name() + " "
                + binding.pattern().patternType() + " " + binding.entry().operation();
    }

    /** users.yaml's ACLs in the same words: {@code TOPIC batchpulse.batch-events LITERAL READ}. */
    private static Map<String, Set<String>> k8sGrants() throws IOException {
        try (Reader users = Files.newBufferedReader(
                ServiceConfiguration.HOME.resolve("deploy/k8s/base/kafka/users.yaml"))) {
            return StreamSupport.stream(new Yaml().loadAll(users).spliterator(), false)
                    .map(KafkaAclsTests::map)
                    .collect(Collectors.toMap(user -> (String) map(user.get("metadata")).get("name"),
                            KafkaAclsTests::grants));
        }
    }

    private static Set<String> grants(Map<String, Object> user) {
        Set<String> grants = new TreeSet<>();
        List<?> acls = (List<?>) map(map(user.get("spec")).get("authorization")).get("acls");
        for (Object acl : acls) {
            Map<String, Object> resource = map(map(acl).get("resource"));
            String type = switch ((String) resource.get("type")) {
                case "transactionalId" -> "TRANSACTIONAL_ID";
                default -> ((String) resource.get("type")).toUpperCase(Locale.ROOT);
            };
            String pattern = "prefix".equals(resource.get("patternType")) ? "PREFIXED" : "LITERAL";
            for (Object operation : (List<?>) map(acl).get("operations")) {
                grants.add(type + " " + resource.get("name") + " " + pattern + " "
                        + operation.toString().toUpperCase(Locale.ROOT));
            }
        }
        return grants;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }
}
