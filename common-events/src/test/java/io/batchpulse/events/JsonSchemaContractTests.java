package io.batchpulse.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.batchpulse.events.json.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON Schemas analytics tools read (src/main/resources/schemas) describe what the services really
 * write: every golden event validates against its schema, every event type has a schema and a golden
 * file, and every field a golden file carries is described. The same holds for the progress snapshot
 * on batch-progress, which analytics read too.
 */
class JsonSchemaContractTests {

    private static final String BASE = "https://batchpulse.io/schemas/";
    private static final String ITEM_EVENT_REF = "envelope.schema.json#/$defs/itemEvent";
    private static final String PROGRESS = "batch-progress";

    // the schemas' $ids are resolved from the jar, never fetched
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaIdResolvers(resolvers -> resolvers.mapPrefix(BASE, "classpath:schemas/")));

    static Stream<String> eventTypes() {
        return Contracts.eventTypes().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void goldenEventIsValidAgainstItsSchema(String type) {
        assertThat(validate(type, Contracts.tree(Contracts.eventFile(type)))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void everyEventTypeHasASchemaAndAGoldenFile(String type) {
        assertThat(JsonSchemaContractTests.class.getResource("/schemas/" + type + ".schema.json"))
                .as("schema of " + type).isNotNull();
        assertThat(JsonSchemaContractTests.class.getResource("/contracts/" + Contracts.eventFile(type)))
                .as("golden file of " + type).isNotNull();
        JsonNode schema = schemaJson(type + ".schema.json");
        assertThat(schema.get("$id").asString()).isEqualTo(BASE + type + ".schema.json");
        assertThat(schema.at("/properties/type/const").asString()).isEqualTo(type);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void everyFieldOfTheGoldenEventIsDescribedInItsSchema(String type) {
        JsonNode schema = schemaJson(type + ".schema.json");
        JsonNode envelope = schemaJson("envelope.schema.json");
        Set<String> described = new HashSet<>(schema.get("properties").propertyNames());
        described.addAll(envelope.get("properties").propertyNames());
        if (ITEM_EVENT_REF.equals(schema.get("$ref").asString())) {
            described.addAll(envelope.at("/$defs/itemEvent/properties").propertyNames());
        }

        assertThat(described).containsAll(Contracts.tree(Contracts.eventFile(type)).propertyNames());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void eventWithoutEventIdFailsValidation(String type) {
        ObjectNode event = Contracts.object(Contracts.eventFile(type));
        event.remove("eventId");

        assertThat(validate(type, event)).extracting(Error::getMessage)
                .anyMatch(message -> message.contains("eventId"));
    }

    @Test
    void eventWithAnotherTypeFailsValidation() {
        ObjectNode event = Contracts.object("item.completed.json");
        event.put("type", "item.failed");

        assertThat(validate("item.completed", event)).isNotEmpty();
    }

    @Test
    void malformedUuidAndTimeFailValidation() {
        ObjectNode event = Contracts.object("item.completed.json");
        event.put("batchId", "batch-42");
        event.put("occurredAt", "yesterday");

        assertThat(validate("item.completed", event)).extracting(Error::getInstanceLocation).map(Object::toString)
                .anyMatch(location -> location.contains("batchId"))
                .anyMatch(location -> location.contains("occurredAt"));
    }

    @Test
    void itemEventWithoutItemIdFailsValidation() {
        ObjectNode event = Contracts.object("item.failed.json");
        event.remove("itemId");

        assertThat(validate("item.failed", event)).extracting(Error::getMessage)
                .anyMatch(message -> message.contains("itemId"));
    }

    @Test
    void fieldsAddedByANewerWriterAreAllowed() {
        ObjectNode event = Contracts.object("batch.completed.json");
        event.put("p99ItemMs", 4120);

        assertThat(validate("batch.completed", event)).isEmpty();
    }

    @Test
    void goldenProgressSnapshotIsValidAgainstItsSchema() {
        assertThat(validate(PROGRESS, Contracts.tree(Contracts.PROGRESS_SNAPSHOT_FILE))).isEmpty();
        assertThat(schemaJson(PROGRESS + ".schema.json").get("$id").asString())
                .isEqualTo(BASE + PROGRESS + ".schema.json");
    }

    @Test
    void everyFieldOfTheGoldenProgressSnapshotIsDescribedInItsSchema() {
        JsonNode schema = schemaJson(PROGRESS + ".schema.json");
        JsonNode snapshot = Contracts.tree(Contracts.PROGRESS_SNAPSHOT_FILE);

        assertThat(schema.get("properties").propertyNames()).containsAll(snapshot.propertyNames());
        for (String nested : List.of("bestSoFar", "configRecap")) {
            assertThat(schema.at("/properties/" + nested + "/properties").propertyNames()).as(nested)
                    .containsAll(snapshot.get(nested).propertyNames());
        }
        for (String list : List.of("recentErrors", "stages")) {
            assertThat(schema.at("/properties/" + list + "/items/properties").propertyNames()).as(list)
                    .containsAll(snapshot.get(list).get(0).propertyNames());
        }
    }

    @Test
    void progressSnapshotWithoutBatchIdOrWithAnUnknownStatusFailsValidation() {
        ObjectNode snapshot = Contracts.object(Contracts.PROGRESS_SNAPSHOT_FILE);
        snapshot.remove("batchId");
        snapshot.put("status", "archived");

        assertThat(validate(PROGRESS, snapshot)).extracting(Error::toString)
                .anyMatch(message -> message.contains("batchId"))
                .anyMatch(message -> message.contains("status"));
    }

    @Test
    void schemasAreValidDraft202012Schemas() {
        Schema metaSchema = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

        Stream.concat(eventTypes(), Stream.of("envelope", PROGRESS)).map(name -> name + ".schema.json")
                .forEach(file -> assertThat(metaSchema.validate(schemaJson(file))).as(file).isEmpty());
    }

    private static List<Error> validate(String type, JsonNode event) {
        Schema schema = REGISTRY.getSchema(SchemaLocation.of(BASE + type + ".schema.json"));
        // formats (uuid, date-time, duration) are only annotations in 2020-12 unless asserted
        return schema.validate(event,
                context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
    }

    private static JsonNode schemaJson(String file) {
        try (InputStream in = JsonSchemaContractTests.class.getResourceAsStream("/schemas/" + file)) {
            return EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
