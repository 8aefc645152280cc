package io.batchpulse.gateway.upload.batch;

import io.batchpulse.events.model.FileSource;
import io.batchpulse.events.model.FileSource.LineError;
import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.batch.CreateBatchValidator;
import io.batchpulse.gateway.batch.ItemProblem;
import io.batchpulse.gateway.upload.Upload;
import io.batchpulse.gateway.upload.UploadStore;
import io.batchpulse.gateway.upload.parse.ItemReader;
import io.batchpulse.gateway.upload.parse.ParsedLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The items of an uploaded file, read with the JSON create's item rules and the configured line
 * limit: both passes (the check before the batch is made, and the feed after) read them the same way.
 */
@Component
class UploadItems {

    private final UploadStore store;
    private final CreateBatchValidator validator;
    private final int maxLineBytes;

    UploadItems(UploadStore store, CreateBatchValidator validator, GatewayProperties properties) {
        this.store = store;
        this.validator = validator;
        this.maxLineBytes = (int) properties.uploads().maxLineLength().toBytes();
    }

    /**
     * Reads the upload's data (the caller closes the reader).
     *
     * @throws io.batchpulse.gateway.upload.parse.FileFormatException when the file cannot be read as its format
     */
    ItemReader open(Upload upload) {
        return open(upload, newInputStream(upload));
    }

    /** Counts the good items and the bad lines (keeping the first of them) and hashes the file, in one pass. */
    FileScan scan(Upload upload) {
        MessageDigest sha256 = sha256();
        long items = 0;
        long bad = 0;
        List<LineError> sample = new ArrayList<>();
        try (ItemReader reader = open(upload, new DigestInputStream(newInputStream(upload), sha256))) {
            while (reader.hasNext()) {
                ParsedLine line = reader.next();
                if (line.valid()) {
                    items++;
                } else {
                    bad++;
                    if (sample.size() < FileSource.MAX_SAMPLE) {
                        sample.add(new LineError(line.line(), line.problem()));
                    }
                }
            }
        }
        return new FileScan(items, bad, sample, HexFormat.of().formatHex(sha256.digest()));
    }

    private ItemReader open(Upload upload, InputStream in) {
        return upload.format().open(in, maxLineBytes, item -> {
            List<ItemProblem> problems = validator.itemProblems(item);
            return problems.isEmpty() ? null
                    : problems.stream().map(ItemProblem::describe).collect(Collectors.joining("; "));
        });
    }

    private InputStream newInputStream(Upload upload) {
        try {
            return Files.newInputStream(store.dataOf(upload.id()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
