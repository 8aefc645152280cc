package io.batchpulse.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The item feed of a crowded batch: how many item events are kept, which, and what is counted. */
class FeedSamplerTests {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;
    private static final int PER_SECOND = 20;

    private final Map<String, Integer> kept = new HashMap<>();
    private long offset;

    @Test
    void aBusyBatchGetsAtMostTheLimitASecondPlusOneSecondsWorthAndCountsTheRest() {
        FeedSampler sampler = new FeedSampler(PER_SECOND, 0);
        // 1,000 completions a second for ten seconds
        for (long now = 0; now < 10 * SECOND; now += MS) {
            offer(sampler, SseEvents.ITEM_COMPLETED, now);
        }

        int completions = kept.getOrDefault(SseEvents.ITEM_COMPLETED, 0);
        assertThat(completions).isBetween(PER_SECOND * 10 - PER_SECOND, PER_SECOND * (10 + 1));
        assertThat(sampler.leftOut()).isEqualTo(10_000 - completions);
        assertThat(sampler.lastLeftOut()).isEqualTo(offset);
    }

    @Test
    void failuresComeFirstThenCompletionsAndStartsAreLeftOutFirst() {
        nineSecondsAfterAWarmUp(10);

        // 100 failures a second, more than the limit: they take all of it
        assertThat(kept.getOrDefault(SseEvents.ITEM_FAILED, 0)).isBetween(PER_SECOND * 9 - 2, PER_SECOND * 9 + 2);
        assertThat(kept.getOrDefault(SseEvents.ITEM_COMPLETED, 0)).isLessThanOrEqualTo(2);
        assertThat(kept).doesNotContainKey(SseEvents.ITEM_STARTED);
    }

    @Test
    void withFewFailuresCompletionsTakeTheRestAndStartsStillNothing() {
        // two failures a second among 1,000 items
        nineSecondsAfterAWarmUp(500);

        assertThat(kept.get(SseEvents.ITEM_FAILED)).isEqualTo(18);
        assertThat(kept.get(SseEvents.ITEM_FAILED) + kept.get(SseEvents.ITEM_COMPLETED))
                .isBetween(PER_SECOND * 9 - 2, PER_SECOND * 9 + 2);
        assertThat(kept).doesNotContainKey(SseEvents.ITEM_STARTED);
    }

    @Test
    void aBatchSlowerThanTheLimitKeepsEveryEventStartsIncluded() {
        FeedSampler sampler = new FeedSampler(PER_SECOND, 0);
        // five items a second: ten item events a second, half the limit
        for (long now = 0; now < 10 * SECOND; now += 200 * MS) {
            offer(sampler, SseEvents.ITEM_STARTED, now);
            offer(sampler, SseEvents.ITEM_COMPLETED, now + 100 * MS);
        }

        assertThat(kept).containsEntry(SseEvents.ITEM_STARTED, 50).containsEntry(SseEvents.ITEM_COMPLETED, 50);
        assertThat(sampler.leftOut()).isZero();
        assertThat(sampler.unannounced()).isFalse();
    }

    @Test
    void noticesComeAtMostOnceASecondAndTheirCountsAddUpToWhatWasLeftOut() {
        FeedSampler sampler = new FeedSampler(PER_SECOND, 0);
        List<Long> noticeTimes = new ArrayList<>();
        long toldSoFar = 0;
        long counted = 0;
        long now = 0;
        for (; now < 5 * SECOND; now += MS) {
            offer(sampler, SseEvents.ITEM_COMPLETED, now);
            if (sampler.noticeDue(now)) {
                assertThat(sampler.untilNotice(now)).isZero();
                counted += sampler.leftOut() - toldSoFar;
                toldSoFar = sampler.leftOut();
                sampler.announce(now);
                noticeTimes.add(now);
            }
        }
        // the batch went quiet with some left out since the last notice: the next may come a second after it
        assertThat(sampler.unannounced()).isTrue();
        long lastNotice = noticeTimes.get(noticeTimes.size() - 1);
        assertThat(sampler.untilNotice(now)).isEqualTo(lastNotice + SECOND - now);
        assertThat(sampler.noticeDue(lastNotice + SECOND)).isTrue();
        counted += sampler.leftOut() - toldSoFar;
        sampler.announce(lastNotice + SECOND);

        assertThat(noticeTimes).hasSize(5);
        for (int i = 1; i < noticeTimes.size(); i++) {
            assertThat(noticeTimes.get(i) - noticeTimes.get(i - 1)).isGreaterThanOrEqualTo(SECOND);
        }
        assertThat(counted).isEqualTo(sampler.leftOut());
        assertThat(sampler.unannounced()).isFalse();
    }

    @Test
    void aBatchThatBecomesCrowdedAgainStartsWithAFullBucketAndKeepsCounting() {
        FeedSampler sampler = new FeedSampler(PER_SECOND, 0);
        for (int i = 0; i < 100; i++) {
            offer(sampler, SseEvents.ITEM_COMPLETED, 0);
        }
        long leftOut = sampler.leftOut();
        kept.clear();

        sampler.restart(MS);
        for (int i = 0; i < 100; i++) {
            offer(sampler, SseEvents.ITEM_FAILED, MS);
        }

        assertThat(kept).containsEntry(SseEvents.ITEM_FAILED, PER_SECOND);
        assertThat(sampler.leftOut()).isEqualTo(leftOut + 100 - PER_SECOND);
    }

    @Test
    void aLowerLimitForALargerCrowdTakesEffectAtOnceAndAHigherOneRefillsFromThere() {
        FeedSampler sampler = new FeedSampler(PER_SECOND, 0);
        sampler.limit(2);
        for (long now = 0; now < 10 * SECOND; now += MS) {
            offer(sampler, SseEvents.ITEM_COMPLETED, now);
        }
        int slow = kept.get(SseEvents.ITEM_COMPLETED);
        assertThat(slow).isBetween(2 * 10 - 2, 2 * (10 + 1));
        kept.clear();

        sampler.limit(PER_SECOND);
        for (long now = 10 * SECOND; now < 20 * SECOND; now += MS) {
            offer(sampler, SseEvents.ITEM_COMPLETED, now);
        }
        assertThat(kept.get(SseEvents.ITEM_COMPLETED)).isBetween(PER_SECOND * 10 - PER_SECOND, PER_SECOND * 10 + 2);
        assertThat(slow + kept.get(SseEvents.ITEM_COMPLETED) + sampler.leftOut()).isEqualTo(20_000);
    }

    /**
     * Ten seconds of one item a millisecond; only the last nine are counted in {@code kept}, as the
     * first second's full bucket goes to whatever comes first.
     */
    private void nineSecondsAfterAWarmUp(int failureEvery) {
        FeedSampler sampler = new FeedSampler(PER_SECOND, 0);
        drive(sampler, 0, SECOND, failureEvery);
        kept.clear();
        drive(sampler, SECOND, 10 * SECOND, failureEvery);
    }

    /** One item a millisecond, each started and finished, every {@code failureEvery}-th one failed. */
    private void drive(FeedSampler sampler, long from, long to, int failureEvery) {
        for (long now = from; now < to; now += MS) {
            offer(sampler, SseEvents.ITEM_STARTED, now);
            offer(sampler, (now / MS) % failureEvery == 0 ? SseEvents.ITEM_FAILED : SseEvents.ITEM_COMPLETED, now);
        }
    }

    private void offer(FeedSampler sampler, String name, long now) {
        Frame frame = new Frame(name, ++offset, "{}", true);
        if (sampler.keep(frame, now)) {
            kept.merge(name, 1, Integer::sum);
        }
    }
}
