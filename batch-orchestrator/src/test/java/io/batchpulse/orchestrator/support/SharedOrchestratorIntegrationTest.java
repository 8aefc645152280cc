package io.batchpulse.orchestrator.support;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The base of the feature integration tests (command, dispatch, lease, record, ...): they all run
 * on one orchestrator, one Spring context with its database and topic prefix, which the test
 * framework caches and hands from class to class. Each test uses batches of its own.
 */
public abstract class SharedOrchestratorIntegrationTest extends OrchestratorIntegrationTest {

    protected static final TestEnvironment ENV = TestEnvironment.create();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ENV.properties().forEach((key, value) -> registry.add(key, () -> value));
        // Small enough that two running batches compete for every tick's budget.
        registry.add("orchestrator.dispatch.max-records-per-tick", () -> 100);
        // Shared limits of dispatch/SharedLimitIntegrationTests, one per test.
        registry.add("orchestrator.limits.it-concurrent.max-concurrent", () -> 3);
        registry.add("orchestrator.limits.it-throttled.max-concurrent", () -> 1);
        registry.add("orchestrator.limits.it-priority.max-concurrent", () -> 1);
    }

    @Override
    protected TestEnvironment environment() {
        return ENV;
    }
}
