package io.batchpulse.orchestrator.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * RFC 4180 CSV with a header row, UTF-8, CRLF line ends; Commons CSV quotes a value that holds a
 * comma, a quote or a line break. {@code result} and {@code errorDetails} are JSON text in one cell.
 */
final class CsvResultWriter implements ResultWriter {

    static final String[] HEADER = {"index", "label", "status", "attempt", "score", "result", "errorCode",
            "errorMessage", "errorDetails", "startedAt", "finishedAt", "durationMs", "workerId"};
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader(HEADER).get();

    private final CSVPrinter printer;

    CsvResultWriter(OutputStream out) throws IOException {
        this.printer = new CSVPrinter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)), FORMAT);
    }

    @Override
    public void write(ResultRow row) throws IOException {
        printer.printRecord(row.index(), row.label(), row.status(), row.attempt(), row.score(), row.result(),
                row.errorCode(), row.errorMessage(), row.errorDetails(), row.startedAt(), row.finishedAt(),
                row.durationMs(), row.workerId());
    }

    @Override
    public void flush() throws IOException {
        printer.flush();
    }
}
