package io.batchpulse.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.json.BatchCommandSerde;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.json.ItemDispatchSerde;
import io.batchpulse.events.json.ProgressSnapshotSerde;
import io.batchpulse.events.progress.ProgressSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The golden files and the type lists, both taken from the contract itself: the type lists come from
 * the {@code @JsonSubTypes} of {@link BatchEvent} and {@link BatchCommand}, so a type added there
 * without a golden file (or schema) fails the contract tests.
 */
public final class Contracts {

    public static final String ITEM_DISPATCH_FILE = "item-dispatch.json";
    public static final String PROGRESS_SNAPSHOT_FILE = "batch-progress.json";

    private Contracts() {
    }

    /** Event type name (e.g. {@code item.completed}) to its record class, in declaration order. */
    public static Map<String, Class<?>> eventTypes() {
        return subtypes(BatchEvent.class);
    }

    /** Command type name (e.g. {@code append-items}) to its record class, in declaration order. */
    public static Map<String, Class<?>> commandTypes() {
        return subtypes(BatchCommand.class);
    }

    /** Every golden file: one per event type, one per command type, ItemDispatch and ProgressSnapshot. */
    public static Stream<GoldenFile<?>> goldenFiles() {
        Topics topics = Topics.defaults();
        Stream<GoldenFile<?>> events = eventTypes().entrySet().stream()
                .map(type -> new GoldenFile<>(eventFile(type.getKey()), BatchEvent.class,
                        type.getValue().asSubclass(BatchEvent.class), new BatchEventSerde(), topics.batchEvents()));
        Stream<GoldenFile<?>> commands = commandTypes().entrySet().stream()
                .map(type -> new GoldenFile<>(commandFile(type.getKey()), BatchCommand.class,
                        type.getValue().asSubclass(BatchCommand.class), new BatchCommandSerde(),
                        topics.batchCommands()));
        Stream<GoldenFile<?>> dispatch = Stream.of(new GoldenFile<>(ITEM_DISPATCH_FILE, ItemDispatch.class,
                ItemDispatch.class, new ItemDispatchSerde(), topics.itemDispatch()));
        Stream<GoldenFile<?>> progress = Stream.of(new GoldenFile<>(PROGRESS_SNAPSHOT_FILE, ProgressSnapshot.class,
                ProgressSnapshot.class, new ProgressSnapshotSerde(), topics.batchProgress()));
        return Stream.of(events, commands, dispatch, progress).flatMap(files -> files);
    }

    public static String eventFile(String type) {
        return type + ".json";
    }

    public static String commandFile(String type) {
        return "command." + type + ".json";
    }

    public static byte[] bytes(String file) {
        String path = "/contracts/" + file;
        try (InputStream in = Contracts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("No golden file " + path + " on the test classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(String file) {
        return EventJson.mapper().readTree(bytes(file));
    }

    /** A golden file as a mutable tree, for tests that bend it. */
    public static ObjectNode object(String file) {
        return (ObjectNode) tree(file);
    }

    public static byte[] bytes(JsonNode tree) {
        return EventJson.mapper().writeValueAsBytes(tree);
    }

    private static Map<String, Class<?>> subtypes(Class<?> base) {
        JsonSubTypes subTypes = base.getAnnotation(JsonSubTypes.class);
        Map<String, Class<?>> types = new LinkedHashMap<>();
        Arrays.stream(subTypes.value()).map(JsonSubTypes.Type::value)
                .forEach(type -> types.put(type.getAnnotation(JsonTypeName.class).value(), type));
        return types;
    }
}
