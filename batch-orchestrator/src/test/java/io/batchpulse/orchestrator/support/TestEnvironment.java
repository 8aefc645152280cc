package io.batchpulse.orchestrator.support;

import io.batchpulse.events.Topics;
import io.batchpulse.testsupport.TestInfrastructure;
import io.batchpulse.testsupport.net.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A database and a topic prefix of their own for one test class, on the shared broker and server. */
public record TestEnvironment(String bootstrapServers, String jdbcUrl, String username, String password, String prefix) {

    public static TestEnvironment create() {
        var database = TestInfrastructure.database();
        return new TestEnvironment(TestInfrastructure.broker().bootstrapServers(),
                database.createDatabase() + "?reWriteBatchedInserts=true", database.username(), database.password(),
                TestInfrastructure.uniquePrefix());
    }

    public Topics topics() {
        return new Topics(prefix);
    }

    /** How long a dispatch may wait unstarted here (15 min in production). */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(3);

    /**
     * A fault-injecting proxy in front of this environment's PostgreSQL, for tests that break the
     * link. It closes at the end of the test JVM, after the Spring contexts: a context closed
     * while its link is gone waits for the database in its hand-over (seconds per partition).
     */
    public TcpProxy databaseLink() {
        URI target = URI.create(jdbcUrl.substring("jdbc:".length()));
        TcpProxy link = TcpProxy.start("postgres", target.getHost(), target.getPort());
        TestInfrastructure.closeAfterContexts(link);
        return link;
    }

    /**
     * This environment's database through plain connections of the test's own, outside any
     * orchestrator's pool and its settings: for checking what the orchestrator wrote, or what
     * PostgreSQL itself sees, with a reader that is not the code under test.
     */
    public JdbcTemplate ownReader() {
        return new JdbcTemplate(new DriverManagerDataSource(jdbcUrl, username, password));
    }

    /** This environment's JDBC URL, through the link. */
    public String jdbcUrlThrough(TcpProxy link) {
        return jdbcUrl.replaceFirst("//[^/]+/", "//" + link.address() + "/");
    }

    /** Spring properties for an orchestrator on this environment, tuned for quick tests. */
    public Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", bootstrapServers);
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("spring.datasource.username", username);
        properties.put("spring.datasource.password", password);
        properties.put("orchestrator.topics.prefix", prefix);
        properties.put("orchestrator.topics.command-partitions", 3);
        properties.put("orchestrator.topics.dispatch-partitions", 3);
        properties.put("orchestrator.topics.event-partitions", 3);
        properties.put("orchestrator.consumers.command-group-id", prefix + "commands");
        properties.put("orchestrator.consumers.recorder-group-id", prefix + "recorder");
        properties.put("orchestrator.lease.sweep-interval", "200ms");
        properties.put("orchestrator.lease.start-timeout", START_TIMEOUT.toString());
        properties.put("server.port", 0);
        return properties;
    }
}
