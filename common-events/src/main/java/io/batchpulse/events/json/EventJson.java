package io.batchpulse.events.json;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration of the wire contract: ISO-8601 times and durations; unknown fields
 * ignored and unknown enum values read as null, so readers tolerate newer writers.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = configure(JsonMapper.builder()).build();

    private EventJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    /** Applies the contract's settings to a builder, for services that customise their own mapper. */
    public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        return builder
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    }
}
