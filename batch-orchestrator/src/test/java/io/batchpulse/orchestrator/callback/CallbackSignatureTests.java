package io.batchpulse.orchestrator.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CallbackSignatureTests {

    private static final byte[] BODY = "{\"deliveryId\":\"d1\",\"event\":\"completed\"}".getBytes(StandardCharsets.UTF_8);

    /** The vector from {@code printf '1700000000.<body>' | openssl dgst -sha256 -hmac whsec_test_secret}. */
    @Test
    void signsTimestampDotBodyWithHmacSha256AsHex() {
        assertThat(CallbackSignature.header("whsec_test_secret", 1_700_000_000L, BODY)).isEqualTo(
                "t=1700000000,v1=2aa4c771bfcd339c6eee2cc63e7f3d9c85d1541cffa93374c251b3dd6995d910");
    }

    @Test
    void anotherTimestampOrSecretGivesAnotherSignature() {
        String signed = CallbackSignature.hmac("whsec_test_secret", 1_700_000_000L, BODY);

        assertThat(CallbackSignature.hmac("whsec_test_secret", 1_700_000_001L, BODY)).isNotEqualTo(signed);
        assertThat(CallbackSignature.hmac("whsec_other_secret", 1_700_000_000L, BODY)).isNotEqualTo(signed);
    }
}
