package io.batchpulse.events.failure;

import io.batchpulse.events.model.ItemError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The group a failed item belongs to: its error code and the {@link FailureSignature} of its
 * message. The key is a short hash of both (16 hex digits): fixed-size for a database column, an
 * index and a URL, and the same wherever it is computed.
 *
 * @param key       16 lower-case hex digits
 * @param code      the error code ({@link #NO_CODE} when the error had none)
 * @param signature the normalized message ("" when the error had none)
 */
public record FailureGroup(String key, String code, String signature) {

    /** The code of an error that came without one. */
    public static final String NO_CODE = "UNKNOWN";

    /** The group of items that failed before groups were kept: they have no key of their own. */
    public static final String UNGROUPED = "ungrouped";

    private static final Pattern KEY = Pattern.compile("[0-9a-f]{16}");

    /** The group of an item's error; an item that failed without an error gets the group of no code and no message. */
    public static FailureGroup of(ItemError error) {
        return error == null ? of(null, null) : of(error.code(), error.message());
    }

    public static FailureGroup of(String code, String message) {
        String groupCode = code == null || code.isBlank() ? NO_CODE : code.strip();
        String signature = FailureSignature.of(message);
        return new FailureGroup(keyOf(groupCode, signature), groupCode, signature);
    }

    /** True for text shaped like a group key; anything else can name no group. */
    public static boolean isKey(String text) {
        return text != null && KEY.matcher(text).matches();
    }

    /** True for what a retry may name: a group key or {@link #UNGROUPED}. */
    public static boolean isRetryable(String text) {
        return isKey(text) || UNGROUPED.equals(text);
    }

    /** The key as a number, for stores that keep it in eight bytes. */
    public long keyBits() {
        return Long.parseUnsignedLong(key, 16);
    }

    private static String keyOf(String code, String signature) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((code + '\n' + signature).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
