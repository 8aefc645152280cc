package io.batchpulse.gateway.upload.parse;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a whole (small) test file through a reader. */
final class Lines {

    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final Validator VALIDATOR;

    static {
        try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
            VALIDATOR = factory.getValidator();
        }
    }

    /** The contract's constraints of an item (the JSON create's rules, less the size limit). */
    static final ItemReader.Check ITEM_CONSTRAINTS = item -> VALIDATOR.validate(item).stream()
            .map(violation -> violation.getPropertyPath() + ": " + violation.getMessage())
            .sorted().findFirst().orElse(null);

    private Lines() {
    }

    static List<ParsedLine> read(ItemFormat format, String text, int maxLineBytes) {
        return read(format, text.getBytes(StandardCharsets.UTF_8), maxLineBytes);
    }

    static List<ParsedLine> read(ItemFormat format, byte[] bytes, int maxLineBytes) {
        List<ParsedLine> lines = new ArrayList<>();
        try (ItemReader reader = format.open(new ByteArrayInputStream(bytes), maxLineBytes, ITEM_CONSTRAINTS)) {
            reader.forEachRemaining(lines::add);
        }
        return lines;
    }

    static byte[] withBom(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[BOM.length + body.length];
        System.arraycopy(BOM, 0, all, 0, BOM.length);
        System.arraycopy(body, 0, all, BOM.length, body.length);
        return all;
    }
}
