package io.batchpulse.gateway.batch;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.NewItem;
import io.batchpulse.events.url.CallbackTargets;
import io.batchpulse.events.url.TargetPolicy;
import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.Violations;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * All checks of a create in one pass, so the caller learns every problem at once: the Bean
 * Validation constraints (shared with the contract), the configured limits, the processor name and
 * its config. The JSON create and the create from an uploaded file share the spec and item rules.
 */
@Component
public class CreateBatchValidator {

    private static final int MAX_DETAILS = 50;

    private final Validator validator;
    private final List<String> processors;
    private final TargetPolicy httpTargets;
    private final TargetPolicy callbackTargets;
    private final int maxItems;
    private final long maxItemBytes;
    private final long maxConfigBytes;

    CreateBatchValidator(Validator validator, GatewayProperties properties) {
        this.validator = validator;
        this.processors = List.copyOf(properties.processors());
        this.httpTargets = properties.httpTargets().policy();
        this.callbackTargets = properties.callbackTargets().policy();
        this.maxItems = properties.limits().maxItemsPerRequest();
        this.maxItemBytes = properties.limits().maxItemBytes().toBytes();
        this.maxConfigBytes = properties.limits().maxConfigBytes().toBytes();
    }

    /** @throws ApiException VALIDATION_FAILED listing each problem as {@code path: message} */
    void check(CreateBatchRequest request) {
        List<String> problems = specProblems(request.spec());
        checkItems(request.items(), problems);
        refuseIfAny(problems);
    }

    /** @throws ApiException VALIDATION_FAILED listing each problem of name, processor, config and options */
    public void checkSpec(BatchSpec spec) {
        refuseIfAny(specProblems(spec));
    }

    /** What is wrong with one item (its constraints and its size as JSON); empty if nothing. */
    public List<ItemProblem> itemProblems(NewItem item) {
        List<ItemProblem> problems = new ArrayList<>();
        for (ConstraintViolation<NewItem> violation : validator.validate(item)) {
            problems.add(new ItemProblem(violation.getPropertyPath().toString(), violation.getMessage()));
        }
        if (ItemChunker.sizeOf(item) > maxItemBytes) {
            problems.add(new ItemProblem("", "must be at most " + maxItemBytes + " bytes as JSON"));
        }
        problems.sort(Comparator.comparing(ItemProblem::describe));
        return problems;
    }

    private List<String> specProblems(BatchSpec spec) {
        List<String> problems = Violations.describe(validator.validate(spec));
        if (spec.processor() != null && !spec.processor().isBlank()) {
            if (processors.contains(spec.processor())) {
                problems.addAll(ProcessorConfigRules.check(spec.processor(), spec.config(), httpTargets));
            } else {
                problems.add("processor: unknown processor '" + spec.processor() + "' (known: "
                        + String.join(", ", processors) + ")");
            }
        }
        // the config travels in the create command and in every dispatch record of the batch, next
        // to an item of up to max-item-bytes: both must stay under the broker's record size
        if (spec.config() != null && EventJson.mapper().writeValueAsBytes(spec.config()).length > maxConfigBytes) {
            problems.add("config: must be at most " + maxConfigBytes + " bytes as JSON");
        }
        problems.addAll(CallbackTargets.refusals(spec.callbacks(), callbackTargets));
        return problems;
    }

    private void checkItems(List<NewItem> items, List<String> problems) {
        if (items == null || items.isEmpty() || items.size() > maxItems) {
            problems.add("items: must contain between 1 and " + maxItems + " items");
            return;
        }
        for (int index = 0; index < items.size(); index++) {
            String where = "items[" + index + "]";
            if (items.get(index) == null) {
                problems.add(where + ": must not be null");
            } else {
                itemProblems(items.get(index)).forEach(problem -> problems.add(problem.at(where)));
            }
        }
    }

    private static void refuseIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            problems.sort(null);
            throw ApiException.validation(capped(problems));
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
