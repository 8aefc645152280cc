package io.batchpulse.gateway.api;

import tools.jackson.core.JacksonException;

/**
 * Renders where in a JSON document reading failed, in the same notation as validation paths
 * ({@code body} if nowhere in particular).
 */
public final class JsonPaths {

    private JsonPaths() {
    }

    public static String of(JacksonException failure) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : failure.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
