package io.batchpulse.gateway.upload;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.gateway.GatewayProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * Uploads on disk: a directory per upload holding {@code data} (the bytes received, appended chunk
 * by chunk, streamed, never held in memory) and {@code upload.json} (the metadata, replaced
 * atomically). Callers hold the upload's lock for anything that writes.
 */
@Component
public class UploadStore {

    private static final Logger log = LoggerFactory.getLogger(UploadStore.class);
    private static final String DATA = "data";
    private static final String META = "upload.json";
    private static final int COPY_BUFFER = 64 * 1024;

    private final Path root;

    UploadStore(GatewayProperties properties) throws IOException {
        this.root = properties.uploads().directoryPath();
        Files.createDirectories(root);
    }

    /**
     * What one chunk did: the bytes written, whether the body ended early (the connection was cut),
     * and whether it was stopped at its time limit with more still to come.
     */
    record Written(long bytes, boolean cut, boolean tooSlow) {
    }

    /** Thrown when a chunk's body passes its limit; nothing of it is kept. */
    static final class TooLarge extends RuntimeException {

        TooLarge() {
            super("the chunk passed its limit");
        }
    }

    Path directoryOf(UUID id) {
        return root.resolve(id.toString());
    }

    public Path dataOf(UUID id) {
        return directoryOf(id).resolve(DATA);
    }

    void create(Upload upload) {
        try {
            Files.createDirectories(directoryOf(upload.id()));
            Files.createFile(dataOf(upload.id()));
            save(upload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The metadata, if the upload exists (and its metadata can be read). */
    public Optional<Upload> find(UUID id) {
        Path meta = directoryOf(id).resolve(META);
        try {
            return Optional.of(EventJson.mapper().readValue(Files.readAllBytes(meta), Upload.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | JacksonException e) {
            log.warn("Cannot read the metadata of upload {}: {}", id, e.getMessage());
            return Optional.empty();
        }
    }

    /** Replaces the metadata atomically: a crash leaves the old or the new file, never half of one. */
    public void save(Upload upload) {
        Path directory = directoryOf(upload.id());
        Path temporary = directory.resolve(META + ".tmp");
        try {
            Files.write(temporary, EventJson.mapper().writeValueAsBytes(upload));
            Files.move(temporary, directory.resolve(META), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes received so far; 0 once the data is gone. */
    public long offset(UUID id) {
        try {
            return Files.size(dataOf(id));
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Appends the body at {@code offset} (the data's length) until it ends or breaks off: what
     * arrived before a cut connection is kept, as tus asks.
     *
     * @throws TooLarge when the body passes {@code max} bytes; the data is cut back to {@code offset}
     *
     * <p>A body still arriving after {@code timeLimit} is stopped there and what arrived is kept, as
     * for a cut connection, so a slow sender still moves forward chunk by chunk. Checked after each
     * read: a read that blocks is bounded by the read timeout ({@link UploadReadTimeout}), so a chunk
     * holds its thread at most the time limit plus the read timeout.
     */
    Written append(UUID id, long offset, InputStream body, long max, Duration timeLimit) {
        long deadline = System.nanoTime() + timeLimit.toNanos();
        try (FileChannel channel = FileChannel.open(dataOf(id), StandardOpenOption.WRITE)) {
            channel.position(offset);
            byte[] buffer = new byte[COPY_BUFFER];
            long written = 0;
            boolean cut = false;
            boolean tooSlow = false;
            while (true) {
                int read;
                try {
                    read = body.read(buffer);
                } catch (IOException e) {
                    cut = true;
                    break;
                }
                if (read < 0) {
                    break;
                }
                if (written + read > max) {
                    channel.truncate(offset);
                    throw new TooLarge();
                }
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, read);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                written += read;
                if (System.nanoTime() - deadline > 0) {
                    tooSlow = true;
                    break;
                }
            }
            channel.force(false);
            return new Written(written, cut, tooSlow);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void deleteData(UUID id) {
        try {
            Files.deleteIfExists(dataOf(id));
        } catch (IOException e) {
            log.warn("Cannot delete the data of upload {}: {}", id, e.getMessage());
        }
    }

    void delete(UUID id) {
        Path directory = directoryOf(id);
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("Cannot delete upload {}: {}", id, e.getMessage());
        }
    }

    /** The ids of every upload directory (metadata may be missing or unreadable). */
    public List<UUID> ids() {
        List<UUID> ids = new ArrayList<>();
        try (DirectoryStream<Path> directories = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path directory : directories) {
                parse(directory.getFileName().toString()).ifPresent(ids::add);
            }
        } catch (IOException e) {
            log.warn("Cannot list the uploads in {}: {}", root, e.getMessage());
        }
        return ids;
    }

    /** When the directory was last changed, for uploads whose metadata cannot be read. */
    Optional<Instant> lastModified(UUID id) {
        try {
            return Optional.of(Files.getLastModifiedTime(directoryOf(id)).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<UUID> parse(String name) {
        try {
            return Optional.of(UUID.fromString(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
