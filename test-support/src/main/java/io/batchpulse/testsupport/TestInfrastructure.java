package io.batchpulse.testsupport;

import java.util.UUID;
import org.testcontainers.DockerClientFactory;

/**
 * The real broker and the real database for integration tests, one of each per test JVM.
 * With a Docker engine present the tests run against Testcontainers' Kafka and PostgreSQL
 * images (what users deploy); without one, against spring-kafka-test's embedded KRaft broker
 * and an embedded PostgreSQL server. The same tests run either way; none is skipped.
 *
 * <p>Tests isolate themselves by topic prefix ({@link #uniquePrefix()}) and by database
 * ({@link Database#createDatabase()}), never by sharing state.
 */
public final class TestInfrastructure {

    private static Broker broker;
    private static Database database;

    private TestInfrastructure() {
    }

    public static synchronized Broker broker() {
        if (broker == null) {
            broker = dockerAvailable() ? new ContainerBroker() : new EmbeddedBroker();
            broker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "test-broker-stop"));
        }
        return broker;
    }

    public static synchronized Database database() {
        if (database == null) {
            database = dockerAvailable() ? new ContainerDatabase() : new EmbeddedDatabase();
            database.start();
            Runtime.getRuntime().addShutdownHook(new Thread(database::stop, "test-database-stop"));
        }
        return database;
    }

    /** A topic prefix of its own, so one test's records never reach another's consumers. */
    public static String uniquePrefix() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    }

    private static boolean dockerAvailable() {
        if (Boolean.getBoolean("batchpulse.test.embedded")) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
