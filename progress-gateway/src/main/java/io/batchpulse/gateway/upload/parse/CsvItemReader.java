package io.batchpulse.gateway.upload.parse;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.NewItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.databind.node.ObjectNode;

/**
 * CSV (RFC 4180, UTF-8, an optional byte order mark): a header row names the columns; a
 * {@code label} column, if there is one, is each item's label (an empty cell: no label), and every
 * other column becomes a field of the payload object, in header order. Values stay strings: CSV
 * carries no types, and guessing them would turn {@code 007} into 7 and {@code 1e3} into 1000;
 * a processor that wants numbers parses its fields. Records are parsed by Apache Commons CSV.
 */
final class CsvItemReader extends LookAheadIterator<ParsedLine> implements ItemReader {

    static final String LABEL = "label";
    private static final CSVFormat FORMAT = CSVFormat.RFC4180;
    /** How Commons CSV names a position in its messages, e.g. {@code at line: 1, position: 17}. */
    private static final Pattern PARSER_POSITION = Pattern.compile("(at line: (\\d+), position: (\\d+))");

    private final LineReader lines;
    private final CsvRecords records;
    private final Check check;
    private final List<String> columns;
    private final int labelColumn;

    /** @throws FileFormatException when the file has no usable header row */
    CsvItemReader(InputStream in, int maxRecordBytes, Check check) {
        this.lines = new LineReader(in, maxRecordBytes);
        this.records = new CsvRecords(lines, maxRecordBytes);
        this.check = check;
        try {
            this.columns = header();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.labelColumn = columns.indexOf(LABEL);
    }

    private List<String> header() {
        CsvRecords.Record header = nextRecord();
        if (header == null) {
            throw new FileFormatException(1, "the file is empty; a CSV file starts with a header row");
        }
        if (header.problem() != null) {
            throw new FileFormatException(header.line(), header.problem());
        }
        List<String> names;
        try {
            names = fields(header.text()).stream().map(String::strip).toList();
        } catch (IOException | UncheckedIOException e) {
            throw new FileFormatException(header.line(), "the header row is not valid CSV: " + e.getMessage());
        }
        Set<String> seen = new HashSet<>();
        for (int index = 0; index < names.size(); index++) {
            if (names.get(index).isEmpty()) {
                throw new FileFormatException(header.line(), "column " + (index + 1) + " of the header row has no name");
            }
            if (!seen.add(names.get(index))) {
                throw new FileFormatException(header.line(), "the header row names '" + names.get(index) + "' twice");
            }
        }
        return names;
    }

    @Override
    protected ParsedLine read() {
        CsvRecords.Record record = nextRecord();
        return record == null ? null : parse(record);
    }

    private CsvRecords.Record nextRecord() {
        try {
            return records.next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ParsedLine parse(CsvRecords.Record record) {
        if (record.problem() != null) {
            return ParsedLine.bad(record.line(), record.problem());
        }
        List<String> values;
        try {
            values = fields(record.text());
        } catch (IOException | UncheckedIOException e) {
            return ParsedLine.bad(record.line(), "not valid CSV: " + describe(e, record.line()));
        }
        if (values.size() != columns.size()) {
            return ParsedLine.bad(record.line(),
                    "has " + values.size() + " fields; the header row has " + columns.size());
        }
        ObjectNode payload = EventJson.mapper().createObjectNode();
        String label = null;
        for (int index = 0; index < columns.size(); index++) {
            if (index == labelColumn) {
                label = values.get(index).isEmpty() ? null : values.get(index);
            } else {
                payload.put(columns.get(index), values.get(index));
            }
        }
        NewItem item = new NewItem(label, payload);
        String problem = check.problem(item);
        return problem == null ? ParsedLine.good(record.line(), item) : ParsedLine.bad(record.line(), problem);
    }

    /** The parser's message, with its position (within the record) turned into the file's line. */
    private static String describe(Exception failure, long recordLine) {
        Throwable cause = failure instanceof UncheckedIOException && failure.getCause() != null
                ? failure.getCause() : failure;
        Matcher position = PARSER_POSITION.matcher(String.valueOf(cause.getMessage()));
        if (!position.find()) {
            return String.valueOf(cause.getMessage());
        }
        long line = recordLine + Long.parseLong(position.group(2)) - 1;
        return cause.getMessage().substring(0, position.start()).strip() + " (line " + line + ", character "
                + position.group(3) + ")";
    }

    /** The fields of one record's text, unquoted by the CSV library. */
    private static List<String> fields(String text) throws IOException {
        try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
            List<CSVRecord> parsed = parser.getRecords();
            if (parsed.size() != 1) {
                throw new IOException("expected one record, found " + parsed.size());
            }
            return parsed.get(0).toList();
        }
    }

    @Override
    public void close() {
        lines.close();
    }
}
