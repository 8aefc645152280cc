package io.batchpulse.orchestrator.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.orchestrator.support.CallbackReceiver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The address check at send time: a name that resolves to loopback is refused unless allowed. */
class CallbackSenderTests {

    private static final String SECRET = "whsec_sender_test";

    @Test
    void aNameThatResolvesToLoopbackIsRefusedAtSendTimeAndNothingIsSent() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver(SECRET, 0);
                CallbackSender sender = new CallbackSender(CallbackSettings.allowing(List.of()),
                        CallbackSenderTests::publicLookingNameOnLoopback, Clock.systemUTC())) {

            CallbackDeliveries.Outcome outcome = sender.send(delivery(receiver));

            assertThat(outcome.delivered()).isFalse();
            assertThat(outcome.httpStatus()).isNull();
            assertThat(outcome.error()).startsWith("address refused: hooks.example.test resolves to a loopback address");
            assertThat(receiver.received()).isEmpty();
        }
    }

    @Test
    void theSameNameIsCalledWhenTheAllowListNamesLoopbackAndTheReceiverVerifiesTheSignature() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver(SECRET, 0);
                CallbackSender sender = new CallbackSender(CallbackSettings.allowing(List.of("127.0.0.0/8")),
                        CallbackSenderTests::publicLookingNameOnLoopback, Clock.systemUTC())) {

            CallbackDeliveries.Outcome outcome = sender.send(delivery(receiver));

            assertThat(outcome.httpStatus()).isEqualTo(200);
            assertThat(outcome.delivered()).isTrue();
            assertThat(receiver.received()).singleElement().satisfies(request -> {
                assertThat(request.signatureValid()).isTrue();
                assertThat(request.event()).isEqualTo("completed");
                assertThat(request.body()).isEqualTo("{\"event\":\"completed\"}");
            });
        }
    }

    private static CallbackDeliveries.Claimed delivery(CallbackReceiver receiver) {
        String url = receiver.url().replace("127.0.0.1", "hooks.example.test");
        return new CallbackDeliveries.Claimed(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1, "completed",
                url, SECRET, "{\"event\":\"completed\"}");
    }

    /** A DNS answer that changed after the create: a public-looking name now pointing at this machine. */
    private static InetAddress[] publicLookingNameOnLoopback(String name) throws UnknownHostException {
        return new InetAddress[] {InetAddress.getByAddress(name, new byte[] {127, 0, 0, 1})};
    }
}
