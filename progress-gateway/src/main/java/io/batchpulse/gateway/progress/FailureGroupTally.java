package io.batchpulse.gateway.progress;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.batchpulse.events.failure.FailureGroup;
import io.batchpulse.events.progress.FailureGroupCount;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How many of a batch's items are failed in each failure group. At most {@link #TRACKED} groups
 * are kept, so the aggregate stays small however varied the messages: a new group arriving when
 * all places are taken takes the place of the smallest one. The counts are exact while a batch has
 * no more groups than that; beyond it the largest groups, the ones the snapshot shows, still are
 * unless groups of equal size keep replacing each other.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class FailureGroupTally {

    static final int SHOWN = 5;
    static final int TRACKED = 50;

    private static final Comparator<FailureGroupCount> LARGEST_FIRST = Comparator
            .comparingLong(FailureGroupCount::count).reversed().thenComparing(FailureGroupCount::key);

    private Map<String, FailureGroupCount> groups = new LinkedHashMap<>();

    void failed(FailureGroup group) {
        FailureGroupCount known = groups.get(group.key());
        if (known == null && groups.size() >= TRACKED) {
            groups.values().stream().min(LARGEST_FIRST.reversed()).ifPresent(smallest -> groups.remove(smallest.key()));
        }
        long count = known == null ? 1 : known.count() + 1;
        groups.put(group.key(), new FailureGroupCount(group.key(), group.code(), group.signature(), count));
    }

    /** The group's items were retried: it is gone, and this many items left it (empty when it was not tracked). */
    OptionalLong remove(String key) {
        FailureGroupCount removed = groups.remove(key);
        return removed == null ? OptionalLong.empty() : OptionalLong.of(removed.count());
    }

    /** One item left the group with these key bits (a retry of that item). */
    void leave(long keyBits) {
        groups.values().stream().filter(group -> Long.parseUnsignedLong(group.key(), 16) == keyBits).findFirst()
                .ifPresent(group -> {
                    if (group.count() <= 1) {
                        groups.remove(group.key());
                    } else {
                        groups.put(group.key(), new FailureGroupCount(group.key(), group.code(), group.signature(),
                                group.count() - 1));
                    }
                });
    }

    void clear() {
        groups.clear();
    }

    List<FailureGroupCount> top(int limit) {
        return groups.values().stream().sorted(LARGEST_FIRST).limit(limit).toList();
    }
}
