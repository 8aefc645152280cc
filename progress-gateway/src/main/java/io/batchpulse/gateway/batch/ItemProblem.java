package io.batchpulse.gateway.batch;

/**
 * Why an item is not valid.
 *
 * @param field   the item's field at fault ({@code label}, {@code payload}), empty for the item as a whole
 * @param message what is wrong, e.g. {@code size must be between 0 and 500}
 */
public record ItemProblem(String field, String message) {

    /** In the path notation of the JSON create: {@code items[3].label: size must be between 0 and 500}. */
    String at(String where) {
        return field.isEmpty() ? where + ": " + message : where + "." + field + ": " + message;
    }

    /** Relative to the item, as a file's bad-line report gives it: {@code label: size must be between 0 and 500}. */
    public String describe() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}
