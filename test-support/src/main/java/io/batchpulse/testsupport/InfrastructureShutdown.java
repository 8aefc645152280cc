package io.batchpulse.testsupport;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the shared broker and database once every test of the JVM has run (surefire and failsafe
 * close the launcher session before they exit the JVM), registered through META-INF/services: the
 * Spring contexts first, then the database, then the broker, in this thread. Left to shutdown
 * hooks, which the JVM runs all at once, the broker and the database went first and the contexts
 * then waited for them until surefire killed the JVM 30 s later.
 */
public final class InfrastructureShutdown implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        TestInfrastructure.stop();
    }
}
