package io.batchpulse.events.query;

import java.util.List;

/** One page of a list, numbered from 0. */
public record PageView<T>(List<T> content, int page, int size, long totalElements, int totalPages) {

    public PageView {
        content = List.copyOf(content);
    }
}
