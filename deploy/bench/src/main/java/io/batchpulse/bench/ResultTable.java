package io.batchpulse.bench;

import io.batchpulse.events.json.EventJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * One scenario's result: rows of (metric, measured value, target, note) printed as a table, plus
 * the raw numbers for the JSON file. A scenario that could not run says why instead of failing
 * the others.
 */
final class ResultTable {

    record Row(String metric, String value, String target, String note) {
    }

    private final String scenario;
    private final String title;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> data = new LinkedHashMap<>();
    private String unavailable;

    ResultTable(String scenario, String title) {
        this.scenario = scenario;
        this.title = title;
    }

    String scenario() {
        return scenario;
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    ResultTable row(String metric, String value, String target, String note) {
        rows.add(new Row(metric, value, target == null ? "" : target, note == null ? "" : note));
        return this;
    }

    ResultTable row(String metric, String value) {
        return row(metric, value, "", "");
    }

    /** A raw number (or text) for the JSON file. */
    ResultTable data(String key, Object value) {
        data.put(key, value);
        return this;
    }

    ResultTable unavailable(String reason) {
        this.unavailable = reason;
        return this;
    }

    boolean available() {
        return unavailable == null;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("== ").append(scenario).append(": ").append(title).append(" ==\n");
        if (unavailable != null) {
            out.append("   not measured: ").append(unavailable).append('\n');
        }
        if (rows.isEmpty()) {
            return out.toString();
        }
        String[] header = {"metric", "measured", "target", "note"};
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
        }
        for (Row row : rows) {
            String[] cells = cells(row);
            for (int i = 0; i < cells.length; i++) {
                width[i] = Math.max(width[i], cells[i].length());
            }
        }
        line(out, header, width);
        String[] rule = new String[header.length];
        for (int i = 0; i < rule.length; i++) {
            rule[i] = "-".repeat(width[i]);
        }
        line(out, rule, width);
        for (Row row : rows) {
            line(out, cells(row), width);
        }
        return out.toString();
    }

    private static String[] cells(Row row) {
        return new String[] {row.metric(), row.value(), row.target(), row.note()};
    }

    private static void line(StringBuilder out, String[] cells, int[] width) {
        StringBuilder line = new StringBuilder("| ");
        for (int i = 0; i < cells.length; i++) {
            line.append(String.format("%-" + width[i] + "s", cells[i])).append(" | ");
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    ObjectNode toJson() {
        ObjectNode json = EventJson.mapper().createObjectNode();
        json.put("scenario", scenario);
        json.put("title", title);
        json.put("measured", unavailable == null);
        if (unavailable != null) {
            json.put("unavailable", unavailable);
        }
        var array = json.putArray("rows");
        for (Row row : rows) {
            array.addObject().put("metric", row.metric()).put("measured", row.value()).put("target", row.target())
                    .put("note", row.note());
        }
        json.set("data", EventJson.mapper().valueToTree(data));
        return json;
    }
}
