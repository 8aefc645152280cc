package io.batchpulse.gateway.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.progress.ProgressSnapshot;
import io.batchpulse.events.progress.QueuePlace;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot's queue place, folded from batch.queued. */
class QueuePlaceTopologyTests {

    @TempDir
    Path stateDir;

    private ProgressDriver driver;
    private final TestEvents batch = new TestEvents();

    @BeforeEach
    void startDriver() {
        driver = new ProgressDriver(stateDir);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void aWaitingBatchShowsItsPlaceUntilItIsDispatchedAgain() {
        driver.pipe(batch.key(), batch.started(10, 0), batch.queued(3, 10));
        assertThat(driver.latest().queue())
                .isEqualTo(new QueuePlace(3, "key", 300, TestEvents.at(10).plusSeconds(60)));

        driver.pipe(batch.key(), batch.queued(1, 20));
        assertThat(driver.latest().queue().position()).isEqualTo(1);

        driver.pipe(batch.key(), batch.queued(null, 30));
        assertThat(driver.latest().queue()).isNull();
    }

    @Test
    void aPauseEndsTheWaitAndAPlaceArrivingAfterTheBatchStoppedIsIgnored() {
        driver.pipe(batch.key(), batch.started(10, 0), batch.queued(2, 10), batch.paused("USER", 20));
        assertThat(driver.latest().queue()).isNull();

        driver.pipe(batch.key(), batch.queued(1, 30));
        ProgressSnapshot late = driver.latest();
        assertThat(late.status()).isEqualTo(BatchStatus.PAUSED);
        assertThat(late.queue()).isNull();
    }
}
