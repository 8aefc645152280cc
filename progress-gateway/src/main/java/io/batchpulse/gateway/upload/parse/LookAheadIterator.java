package io.batchpulse.gateway.upload.parse;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** An iterator over what {@link #read()} yields until it answers null, one element ahead. */
abstract class LookAheadIterator<T> implements Iterator<T> {

    private T next;

    /** The next element, or null when there is none. */
    protected abstract T read();

    @Override
    public final boolean hasNext() {
        if (next == null) {
            next = read();
        }
        return next != null;
    }

    @Override
    public final T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T element = next;
        next = null;
        return element;
    }
}
