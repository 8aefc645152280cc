package io.batchpulse.events;

/**
 * Version of the wire contract. Fields are only ever added; a reader that meets a record with a
 * higher version than it knows skips it instead of guessing.
 */
public final class SchemaVersion {

    public static final int CURRENT = 1;

    private SchemaVersion() {
    }

    public static boolean understood(int version) {
        return version >= 1 && version <= CURRENT;
    }
}
