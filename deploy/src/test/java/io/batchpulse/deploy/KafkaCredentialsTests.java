package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaCredentialsTests {

    private static final String PLAIN_NODE = """
            listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093,PROXIED://127.0.0.1:9094
            controller.listener.names=CONTROLLER
            listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,PROXIED:PLAINTEXT
            """;

    @TempDir
    Path dataDir;

    @Test
    void passwordsAreMadeOncePerDataDirectoryAndOnlyItsOwnerMayReadThem() throws IOException {
        KafkaCredentials first = KafkaCredentials.of(dataDir);
        KafkaCredentials again = KafkaCredentials.of(dataDir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.file()))).isEqualTo("rw-------");
        assertThat(first.file()).isEqualTo(dataDir.resolve("kafka-users.properties"));
        for (KafkaUser user : KafkaUser.values()) {
            assertThat(again.password(user)).as(user.username()).isEqualTo(first.password(user)).hasSizeGreaterThan(40);
        }
        assertThat(Arrays.stream(KafkaUser.values()).map(first::password).distinct()).hasSize(KafkaUser.values().length);
    }

    @Test
    void aServiceConnectsWithItsOwnUserThroughSpringBootsKafkaVariables() {
        KafkaCredentials credentials = KafkaCredentials.of(dataDir);

        assertThat(credentials.serviceEnvironment(KafkaUser.WORKER))
                .containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
                        (String) credentials.clientProperties(KafkaUser.WORKER).get("sasl.jaas.config"));
        assertThat((String) credentials.clientProperties(KafkaUser.WORKER).get("sasl.jaas.config"))
                .contains("username=\"generation-worker\"")
                .contains("password=\"" + credentials.password(KafkaUser.WORKER) + "\"");
    }

    @Test
    void everyListenerOfANodeSpeaksSaslAndOnlyAclsLetAnyoneButTheAdminIn() throws IOException {
        KafkaCredentials credentials = KafkaCredentials.of(dataDir);
        Properties node = new Properties();
        // as Kafka reads its configuration: the secure lines come last and the last value of a key wins
        node.load(new StringReader(PLAIN_NODE + credentials.brokerProperties(PLAIN_NODE)));

        assertThat(node.getProperty("listener.security.protocol.map"))
                .isEqualTo("PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT,PROXIED:SASL_PLAINTEXT");
        assertThat(node.getProperty("listener.name.controller.sasl.enabled.mechanisms")).isEqualTo("PLAIN");
        assertThat(node.getProperty("listener.name.controller.plain.sasl.jaas.config")).contains("user_admin=");
        assertThat(node.getProperty("listener.name.proxied.scram-sha-512.sasl.jaas.config"))
                .contains("username=\"admin\"");
        assertThat(node.getProperty("authorizer.class.name"))
                .isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(node.getProperty("allow.everyone.if.no.acl.found")).isEqualTo("false");
        assertThat(node.getProperty("super.users")).isEqualTo("User:admin");
        assertThat(credentials.formatArguments())
                .containsExactly("--add-scram", "SCRAM-SHA-512=[name=admin,password="
                        + credentials.password(KafkaUser.ADMIN) + "]");
    }

    @Test
    void aDataDirectoryFirstStartedWithoutSecureIsRefused() throws IOException {
        Files.createDirectories(dataDir.resolve("kafka"));
        Files.writeString(dataDir.resolve("kafka").resolve("cluster.id"), "an-id");

        assertThatThrownBy(() -> KafkaCredentials.of(dataDir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without --secure");
        assertThat(dataDir.resolve("kafka-users.properties")).doesNotExist();
    }
}
