package io.batchpulse.gateway.batch;

import io.batchpulse.events.model.NewItem;
import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.api.ApiException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * All checks of a create request in one pass, so the caller learns every problem at once:
 * the Bean Validation constraints (shared with the contract), the configured limits, the
 * processor name and its config.
 */
@Component
class CreateBatchValidator {

    private static final int MAX_DETAILS = 50;

    private final Validator validator;
    private final List<String> processors;
    private final int maxItems;
    private final long maxItemBytes;

    CreateBatchValidator(Validator validator, GatewayProperties properties) {
        this.validator = validator;
        this.processors = List.copyOf(properties.processors());
        this.maxItems = properties.limits().maxItemsPerRequest();
        this.maxItemBytes = properties.limits().maxItemBytes().toBytes();
    }

    /** @throws ApiException VALIDATION_FAILED listing each problem as {@code path: message} */
    void check(CreateBatchRequest request) {
        List<String> problems = new ArrayList<>();
        for (ConstraintViolation<CreateBatchRequest> violation : validator.validate(request)) {
            problems.add(violation.getPropertyPath() + ": " + violation.getMessage());
        }
        if (request.processor() != null && !request.processor().isBlank()) {
            if (processors.contains(request.processor())) {
                problems.addAll(ProcessorConfigRules.check(request.processor(), request.config()));
            } else {
                problems.add("processor: unknown processor '" + request.processor() + "' (known: "
                        + String.join(", ", processors) + ")");
            }
        }
        checkItems(request.items(), problems);
        if (!problems.isEmpty()) {
            problems.sort(null);
            throw ApiException.validation(capped(problems));
        }
    }

    private void checkItems(List<NewItem> items, List<String> problems) {
        if (items == null || items.isEmpty() || items.size() > maxItems) {
            problems.add("items: must contain between 1 and " + maxItems + " items");
            return;
        }
        for (int index = 0; index < items.size(); index++) {
            if (items.get(index) == null) {
                problems.add("items[" + index + "]: must not be null");
            } else if (ItemChunker.sizeOf(items.get(index)) > maxItemBytes) {
                problems.add("items[" + index + "]: must be at most " + maxItemBytes + " bytes as JSON");
            }
        }
    }

    private static List<String> capped(List<String> problems) {
        if (problems.size() <= MAX_DETAILS) {
            return problems;
        }
        List<String> first = new ArrayList<>(problems.subList(0, MAX_DETAILS));
        first.add("... and " + (problems.size() - MAX_DETAILS) + " more problems");
        return first;
    }
}
