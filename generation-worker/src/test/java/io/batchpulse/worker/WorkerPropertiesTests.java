package io.batchpulse.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchpulse.events.TopicSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * application.yml names no default of its own: left alone, every setting is the record's; and the
 * environment variables the deployments use still set what they always set.
 */
class WorkerPropertiesTests {

    @Test
    void withNothingSetEveryValueIsTheRecordsDefault() {
        WorkerProperties worker = bind(Map.of());

        assertThat(worker.id()).isNotBlank();
        assertThat(worker.group()).isEqualTo("batchpulse-workers");
        assertThat(worker.concurrency()).isEqualTo(3);
        assertThat(worker.parallelism()).isEqualTo(8);
        assertThat(worker.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(worker.topics()).isEqualTo(TopicSettings.defaults());
        assertThat(worker.retry().initialInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(worker.retry().maxInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(worker.http().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(worker.http().maxResponseSize().toKilobytes()).isEqualTo(256);
        assertThat(worker.http().allowedTargets()).isEmpty();
        assertThat(worker.maxResultSize().toKilobytes()).isEqualTo(900);
    }

    @Test
    void theDeploymentsEnvironmentVariablesStillSetTheirProperties() {
        WorkerProperties worker = bind(Map.of(
                "WORKER_ID", "worker-7",
                "WORKER_GROUP", "team-workers",
                "WORKER_CONCURRENCY", "5",
                "WORKER_PARALLELISM", "16",
                "WORKER_SHUTDOWN_TIMEOUT", "45s",
                "WORKER_HTTP_TIMEOUT", "10s",
                "BATCHPULSE_TOPIC_PREFIX", "staging.",
                "BATCHPULSE_DISPATCH_PARTITIONS", "24",
                "BATCHPULSE_EVENT_PARTITIONS", "6",
                "BATCHPULSE_TOPIC_REPLICAS", "3"));

        assertThat(worker.id()).isEqualTo("worker-7");
        assertThat(worker.group()).isEqualTo("team-workers");
        assertThat(worker.concurrency()).isEqualTo(5);
        assertThat(worker.parallelism()).isEqualTo(16);
        assertThat(worker.shutdownTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(worker.http().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(worker.topics().prefix()).isEqualTo("staging.");
        assertThat(worker.topics().dispatchPartitions()).isEqualTo(24);
        assertThat(worker.topics().eventPartitions()).isEqualTo(6);
        assertThat(worker.topics().replicas()).isEqualTo((short) 3);
    }

    @Test
    void theHttpProcessorsAllowedTargetsComeFromTheVariableTheGatewaysShare() {
        WorkerProperties worker = bind(Map.of("BATCHPULSE_HTTP_ALLOWED_TARGETS", "10.1.0.0/16,api.internal.example"));

        assertThat(worker.http().allowedTargets()).containsExactly("10.1.0.0/16", "api.internal.example");
        assertThat(worker.http().targetPolicy().refusalBeforeResolving("10.1.2.3")).isEmpty();
        assertThat(worker.http().targetPolicy().refusalBeforeResolving("10.2.0.1")).isPresent();
    }

    @Test
    void aMalformedAllowedTargetStopsTheStartUpNamingIt() {
        assertThatThrownBy(() -> bind(Map.of("WORKER_HTTP_ALLOWEDTARGETS", "10.0.0.0/40")))
                .isInstanceOf(BindException.class)
                .hasRootCauseMessage("prefix longer than the address: 10.0.0.0/40");
    }

    @Test
    void theResultLimitIsSetFromTheEnvironmentAndCannotBeSetTooSmallForAnyResult() {
        assertThat(bind(Map.of("WORKER_MAX_RESULT_SIZE", "2MB")).maxResultSize().toMegabytes()).isEqualTo(2);
        assertThatThrownBy(() -> bind(Map.of("WORKER_MAX_RESULT_SIZE", "100B")))
                .isInstanceOf(BindException.class)
                .hasRootCauseMessage("worker.max-result-size must be at least 1024B, not 100B");
    }

    /** Binds worker.* as the application does: application.yml, its placeholders, the environment first. */
    private static WorkerProperties bind(Map<String, Object> environment) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        try {
            new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                    .forEach(sources::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Binder binder = new Binder(ConfigurationPropertySources.from(sources),
                new PropertySourcesPlaceholdersResolver(sources), ApplicationConversionService.getSharedInstance());
        return binder.bindOrCreate("worker", WorkerProperties.class);
    }
}
