package io.batchpulse.gateway.upload.parse;

import io.batchpulse.events.model.NewItem;
import java.io.Closeable;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * The items of an uploaded file, read as a stream: one {@link ParsedLine} per non-blank line (CSV:
 * per record after the header), in file order. Memory stays bounded by the line length limit
 * whatever the file's size. Reading failures of the file itself surface as {@link UncheckedIOException}.
 */
public interface ItemReader extends Iterator<ParsedLine>, Closeable {

    /** The item rules of the JSON create, applied to each item a line yields. */
    @FunctionalInterface
    interface Check {

        /** Why the item is not valid, or null when it is. */
        String problem(NewItem item);
    }

    @Override
    void close();

    /** Only the good items, in order, skipping the bad lines. */
    default Iterator<NewItem> goodItems() {
        ItemReader lines = this;
        return new LookAheadIterator<>() {
            @Override
            protected NewItem read() {
                while (lines.hasNext()) {
                    NewItem item = lines.next().item();
                    if (item != null) {
                        return item;
                    }
                }
                return null;
            }
        };
    }
}
