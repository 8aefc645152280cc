package io.batchpulse.bench;

import io.batchpulse.events.json.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** Writes each scenario's table as {@code <scenario>.json} and the whole run as {@code run.json}. */
final class ResultWriter {

    private final Path directory;

    ResultWriter(Path directory) {
        this.directory = directory;
    }

    Path write(ResultTable table) {
        return writeJson(directory.resolve(table.scenario() + ".json"), table.toJson());
    }

    Path writeRun(Map<String, Object> machine, List<ResultTable> tables) {
        ObjectNode run = EventJson.mapper().createObjectNode();
        run.set("machine", EventJson.mapper().valueToTree(machine));
        var scenarios = run.putArray("scenarios");
        tables.forEach(table -> scenarios.add(table.toJson()));
        return writeJson(directory.resolve("run.json"), run);
    }

    private Path writeJson(Path file, ObjectNode json) {
        try {
            Files.createDirectories(directory);
            Files.writeString(file, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
