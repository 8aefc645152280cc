package io.batchpulse.gateway.api;

import jakarta.validation.ConstraintViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Bean Validation results as the API's problem details: {@code "path: message"}. */
public final class Violations {

    private Violations() {
    }

    /** One line per violation, in a list the caller may add its own problems to. */
    public static List<String> describe(Set<? extends ConstraintViolation<?>> violations) {
        List<String> problems = new ArrayList<>(violations.size());
        for (ConstraintViolation<?> violation : violations) {
            // a constraint on a list's elements ends its path in a node named "<list element>"; the index says it
            String path = violation.getPropertyPath().toString().replace(".<list element>", "");
            problems.add(path + ": " + violation.getMessage());
        }
        return problems;
    }
}
