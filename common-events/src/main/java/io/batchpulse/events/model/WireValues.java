package io.batchpulse.events.model;

import java.util.function.Function;

/** The lookup behind the wire enums' {@code fromWire}: exact match only, never a guess. */
final class WireValues {

    private WireValues() {
    }

    static <E extends Enum<E>> E fromWire(Class<E> type, Function<E, String> wire, String value) {
        for (E candidate : type.getEnumConstants()) {
            if (wire.apply(candidate).equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("Unknown " + type.getSimpleName() + ": " + value);
    }
}
