package io.batchpulse.gateway.batch;

import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Checked list parameters: page from 0, a bounded size, and an optional status filter in wire form. */
record Paging(String status, int page, int size) {

    static Paging of(String status, Function<String, ?> statusParser, List<String> allowedStatuses, Integer page,
            Integer size, GatewayProperties.Limits limits) {
        List<String> problems = new ArrayList<>();
        String checkedStatus = status == null || status.isBlank() ? null : status;
        if (checkedStatus != null) {
            try {
                statusParser.apply(checkedStatus);
            } catch (IllegalArgumentException e) {
                problems.add("status: must be one of " + String.join(", ", allowedStatuses));
            }
        }
        int checkedPage = page == null ? 0 : page;
        if (checkedPage < 0) {
            problems.add("page: must be greater than or equal to 0");
        }
        int checkedSize = size == null ? limits.defaultPageSize() : size;
        if (checkedSize < 1 || checkedSize > limits.maxPageSize()) {
            problems.add("size: must be between 1 and " + limits.maxPageSize());
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        return new Paging(checkedStatus, checkedPage, checkedSize);
    }
}
