package io.batchpulse.orchestrator.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Batchpulse-Signature} header, as Stripe signs webhooks: {@code t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "<t>.<body>" keyed with the callback's secret>}. The timestamp inside the signed
 * text lets a receiver refuse replays older than its tolerance.
 */
final class CallbackSignature {

    static final String HEADER = "Batchpulse-Signature";
    private static final String ALGORITHM = "HmacSHA256";

    private CallbackSignature() {
    }

    static String header(String secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds, body);
    }

    static String hmac(String secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
