package io.batchpulse.deploy.replay;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The JSON Schemas common-events publishes for analytics (schemas/ in its jar), one per event
 * type: what a replayed event is checked against before it is written.
 */
final class EventSchemas {

    private static final String BASE = "https://batchpulse.io/schemas/";

    // the schemas' $ids resolve inside the jar, never over the network
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaIdResolvers(resolvers -> resolvers.mapPrefix(BASE, "classpath:schemas/")));
    private final Map<String, Schema> byType = new ConcurrentHashMap<>();

    /** What is wrong with the event, empty when it is valid; a type without a schema is wrong too. */
    List<String> problems(String type, JsonNode event) {
        if (type == null || EventSchemas.class.getClassLoader().getResource("schemas/" + type + ".schema.json") == null) {
            return List.of("no schema for type " + type);
        }
        Schema schema = byType.computeIfAbsent(type,
                known -> registry.getSchema(SchemaLocation.of(BASE + known + ".schema.json")));
        // formats (uuid, date-time, duration) are only annotations in 2020-12 unless asserted
        return schema.validate(event, context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)))
                .stream().map(error -> error.getInstanceLocation() + ": " + error.getMessage()).toList();
    }
}
