package io.batchpulse.orchestrator.api;

import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.ItemStatus;
import io.batchpulse.events.query.BatchView;
import io.batchpulse.events.query.ItemView;
import io.batchpulse.events.query.PageView;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The orchestrator's internal read API for the gateway (rule 5): plain JSON, no envelope, no
 * auth of its own; the gateway is the public edge and decides who may see what.
 */
@RestController
@RequestMapping("/internal/v1/batches")
class InternalBatchController {

    static final int MAX_PAGE_SIZE = 500;
    /** Labels are at most 500 characters; a longer filter can match nothing. */
    static final int MAX_LABEL_FILTER = 500;

    private final BatchQueries queries;

    InternalBatchController(BatchQueries queries) {
        this.queries = queries;
    }

    @GetMapping
    PageView<BatchView> list(@RequestParam(required = false) String owner,
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        return queries.batches(owner == null || owner.isBlank() ? null : owner,
                parse(status, "status", BatchStatus::fromWire), page, size);
    }

    @GetMapping("/{id}")
    BatchView get(@PathVariable UUID id) {
        return queries.batch(id).orElseThrow(() -> new NotFoundException("batch " + id + " not found"));
    }

    @GetMapping("/{id}/items")
    PageView<ItemView> items(@PathVariable UUID id, @RequestParam(required = false) String status,
            @RequestParam(required = false) @Size(max = MAX_LABEL_FILTER) String label,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        ItemStatus itemStatus = parse(status, "status", ItemStatus::fromWire);
        if (queries.batch(id).isEmpty()) {
            throw new NotFoundException("batch " + id + " not found");
        }
        return queries.items(id, itemStatus, label == null || label.isBlank() ? null : label.strip(), page, size);
    }

    private static <T> T parse(String value, String name, Function<String, T> parser) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(name + ": unknown value '" + value + "'");
        }
    }
}
