package io.batchpulse.testsupport;

import java.util.ArrayDeque;
import java.util.Deque;
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
 *
 * <p>Both stop in one place, {@link #stop()}, after the Spring contexts that use them.
 */
public final class TestInfrastructure {

    private static Broker broker;
    private static Database database;
    private static final Deque<AutoCloseable> closeAfterContexts = new ArrayDeque<>();
    private static boolean exitHookAdded;

    private TestInfrastructure() {
    }

    public static synchronized Broker broker() {
        if (broker == null) {
            broker = dockerAvailable() ? new ContainerBroker() : new EmbeddedBroker();
            broker.start();
            stopAtExit();
        }
        return broker;
    }

    public static synchronized Database database() {
        if (database == null) {
            database = dockerAvailable() ? new ContainerDatabase() : new EmbeddedDatabase();
            database.start();
            stopAtExit();
        }
        return database;
    }

    /**
     * Closed at the end of the test JVM after the Spring contexts and before the database (the
     * newest first): for what a cached context talks through, such as a {@code TcpProxy} in front
     * of the database, which closed with the test class would leave that context to close against
     * a dead link.
     */
    public static synchronized void closeAfterContexts(AutoCloseable resource) {
        closeAfterContexts.push(resource);
        stopAtExit();
    }

    /**
     * Closes the Spring contexts still open, then what was to be closed after them, then stops the
     * database and the broker: in this order, so that no context's consumers, producers or pools
     * are left waiting for a server that has gone. Runs when the test launcher's session closes ({@link InfrastructureShutdown}), and
     * does nothing once they are stopped.
     */
    static synchronized void stop() {
        if (broker == null && database == null && closeAfterContexts.isEmpty()) {
            return;
        }
        try {
            OpenContexts.closeAll();
            while (!closeAfterContexts.isEmpty()) {
                closeQuietly(closeAfterContexts.pop());
            }
        } finally {
            Database stoppingDatabase = database;
            Broker stoppingBroker = broker;
            database = null;
            broker = null;
            try {
                if (stoppingDatabase != null) {
                    stoppingDatabase.stop();
                }
            } finally {
                if (stoppingBroker != null) {
                    stoppingBroker.stop();
                }
            }
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("Could not close " + resource + " at the end of the tests: " + e);
        }
    }

    /** For a JVM that exits without closing a launcher session: the same order, as one hook. */
    private static void stopAtExit() {
        if (!exitHookAdded) {
            exitHookAdded = true;
            Runtime.getRuntime().addShutdownHook(new Thread(TestInfrastructure::stop, "test-infrastructure-stop"));
        }
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
