package io.batchpulse.gateway.stream.limits;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the stream-counts topic says about the gateway instances: when each was last heard of
 * (its lease) and its count of each user's streams. Written by the topic's follower, read by
 * requests.
 */
final class InstanceCounts {

    private final String self;
    private final long leaseMillis;
    private final Map<String, Map<String, Integer>> counts = new ConcurrentHashMap<>();
    private final Map<String, Long> heard = new ConcurrentHashMap<>();

    InstanceCounts(String self, long leaseMillis) {
        this.self = self;
        this.leaseMillis = leaseMillis;
    }

    /**
     * A lease renewed at {@code writtenAt} (the writer's clock, never later than ours: a clock
     * ahead must not keep a dead instance alive), or removed (null).
     */
    void lease(String instance, Long writtenAt) {
        if (writtenAt == null) {
            heard.remove(instance);
            counts.remove(instance);
        } else {
            heard.put(instance, Math.min(System.currentTimeMillis(), writtenAt));
        }
    }

    /** An instance's count of a user's streams; null: none. */
    void count(String instance, String user, Integer count) {
        if (count == null) {
            counts.computeIfPresent(instance, (i, users) -> {
                users.remove(user);
                return users;
            });
        } else {
            counts.computeIfAbsent(instance, i -> new ConcurrentHashMap<>()).put(user, count);
        }
    }

    /** The user's streams on the live instances other than this one. */
    int elsewhere(String user) {
        long now = System.currentTimeMillis();
        int sum = 0;
        for (Map.Entry<String, Map<String, Integer>> entry : counts.entrySet()) {
            if (!entry.getKey().equals(self) && alive(entry.getKey(), now)) {
                sum += entry.getValue().getOrDefault(user, 0);
            }
        }
        return sum;
    }

    /** Forgets the other instances whose lease ran out; answers each with the users it had counts of. */
    Map<String, Set<String>> forgetTheDead() {
        long now = System.currentTimeMillis();
        Set<String> known = new HashSet<>(counts.keySet());
        known.addAll(heard.keySet());
        Map<String, Set<String>> dead = new HashMap<>();
        for (String instance : known) {
            if (!instance.equals(self) && !alive(instance, now)) {
                Map<String, Integer> users = counts.remove(instance);
                heard.remove(instance);
                dead.put(instance, users == null ? Set.of() : Set.copyOf(users.keySet()));
            }
        }
        return dead;
    }

    private boolean alive(String instance, long now) {
        Long last = heard.get(instance);
        return last != null && now - last < leaseMillis;
    }
}
