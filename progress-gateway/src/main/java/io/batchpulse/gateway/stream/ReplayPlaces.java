package io.batchpulse.gateway.stream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many of each user's streams are being replayed, against {@code max-replays-per-user}: so
 * one user's many resumes cannot keep the replay threads from everyone else.
 */
final class ReplayPlaces {

    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
    private final int maxPerUser;

    ReplayPlaces(int maxPerUser) {
        this.maxPerUser = maxPerUser;
    }

    /** Takes one of the user's places; false when they are all taken. */
    boolean take(String user) {
        boolean[] taken = new boolean[1];
        perUser.compute(user, (u, count) -> {
            int current = count == null ? 0 : count;
            taken[0] = current < maxPerUser;
            return taken[0] ? Integer.valueOf(current + 1) : count;
        });
        return taken[0];
    }

    /** Gives a taken place back; the returned action does so once, however often it runs. */
    Runnable releaser(String user) {
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                perUser.computeIfPresent(user, (u, count) -> count <= 1 ? null : count - 1);
            }
        };
    }
}
