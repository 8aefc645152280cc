package io.batchpulse.gateway.progress;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the progress Streams app, bound from {@code gateway.progress.*}. Topic names come
 * from the gateway's {@code Topics} bean ({@code gateway.topics.prefix}), so the topology and the
 * rest of the gateway cannot disagree on them.
 *
 * @param enabled       runs the topology in this instance
 * @param applicationId the Streams application id: every gateway instance shares it (and so the
 *                      work, by partition), and it names the stores' changelog topics
 * @param stateDir      where the stores live; blank: a fresh directory per process under the temp
 *                      directory (restored from the changelogs at start). Two instances on one
 *                      host need different directories
 * @param commitInterval how often offsets, stores and snapshots commit together; also how often
 *                      the record cache emits a batch's newest snapshot
 * @param cacheMaxBytes record cache for all stores of the instance (see ProgressStreamsConfig)
 * @param streamThreads threads of this instance
 */
@Validated
@ConfigurationProperties("gateway.progress")
public record ProgressSettings(
        @DefaultValue("false") boolean enabled,
        @NotBlank @DefaultValue("batchpulse-progress") String applicationId,
        @NotNull @DefaultValue("") String stateDir,
        @NotNull @DefaultValue("100ms") Duration commitInterval,
        @NotNull @DefaultValue("16MB") DataSize cacheMaxBytes,
        @Min(1) @DefaultValue("1") int streamThreads) {
}
