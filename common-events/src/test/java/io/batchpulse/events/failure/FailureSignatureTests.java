package io.batchpulse.events.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.model.ItemError;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FailureSignatureTests {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            upstream took longer than 5000ms                    | upstream took longer than …ms
            upstream took longer than 12.5 s                    | upstream took longer than … s
            item 7c9e6679-7425-40de-944b-e07fc1f90ae7 not found | item <id> not found
            object 5f2b9c0e1a7d not in cache                    | object <id> not in cache
            pointer 0x7ffe12 was null                           | pointer <id> was null
            the deadbeef word stays                             | the deadbeef word stays
            unknown ticker 'NVDA'                               | unknown ticker '…'
            unknown ticker "TSLA"                               | unknown ticker '…'
            column `price` missing                              | column '…' missing
            can't parse the stem                                | can't parse the stem
            GET https://api.example.com/v1/users/42?key=abc failed | GET https://api.example.com/…/users/…?… failed
            POST http://10.0.0.7:8080/score answered 503        | POST http://…:…/score answered …
            ~  too    many\t spaces  ~                          | too many spaces
            ~~                                                  | ~~
            """)
    void masksWhatVariesPerItem(String message, String signature) {
        assertThat(FailureSignature.of(message)).isEqualTo(signature);
    }

    @Test
    void noMessageHasTheEmptySignature() {
        assertThat(FailureSignature.of(null)).isEmpty();
    }

    @Test
    void aLongMessageIsCutToTheBoundedLength() {
        String signature = FailureSignature.of("x".repeat(1000));

        assertThat(signature).hasSize(FailureSignature.MAX_LENGTH).endsWith("…");
    }

    @Test
    void messagesThatDifferOnlyInWhatVariesShareAGroup() {
        FailureGroup first = FailureGroup.of("TIMEOUT", "upstream took longer than 5000ms for item 17");
        FailureGroup second = FailureGroup.of("TIMEOUT", "upstream took longer than 7312ms for item 940");

        assertThat(first).isEqualTo(second);
        assertThat(first.signature()).isEqualTo("upstream took longer than …ms for item …");
        assertThat(FailureGroup.isKey(first.key())).isTrue();
    }

    @Test
    void theCodeSeparatesGroupsWithTheSameMessage() {
        assertThat(FailureGroup.of("TIMEOUT", "took 5s").key()).isNotEqualTo(FailureGroup.of("HTTP_5XX", "took 5s").key());
    }

    @Test
    void anErrorWithoutCodeOrMessageStillHasAGroup() {
        FailureGroup group = FailureGroup.of(new ItemError(null, null, List.of()));

        assertThat(group.code()).isEqualTo(FailureGroup.NO_CODE);
        assertThat(group.signature()).isEmpty();
        assertThat(group).isEqualTo(FailureGroup.of(null));
    }

    @Test
    void theKeyFitsInEightBytes() {
        FailureGroup group = FailureGroup.of("TIMEOUT", "slow");

        assertThat(Long.toUnsignedString(group.keyBits(), 16)).isEqualTo(group.key().replaceFirst("^0+(?=.)", ""));
    }

    @Test
    void onlyHexTextOfSixteenDigitsIsAKey() {
        assertThat(FailureGroup.isKey("0123456789abcdef")).isTrue();
        assertThat(FailureGroup.isKey("0123456789ABCDEF")).isFalse();
        assertThat(FailureGroup.isKey("ungrouped")).isFalse();
        assertThat(FailureGroup.isKey(null)).isFalse();
    }
}
