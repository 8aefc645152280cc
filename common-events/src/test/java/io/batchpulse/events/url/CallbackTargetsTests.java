package io.batchpulse.events.url;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.model.Callback;
import io.batchpulse.events.model.CallbackEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallbackTargetsTests {

    private static final TargetPolicy DEFAULT = TargetPolicy.allowing(List.of());

    @Test
    void internalHostsAreRefusedEachNamingItsPlace() {
        List<String> problems = CallbackTargets.refusals(List.of(callback("https://hooks.example.com/done"),
                callback("http://10.1.2.3/hook"), callback("http://localhost:9000/hook"),
                callback("http://[::1]/hook")), DEFAULT);

        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).startsWith("callbacks[1].url: 10.1.2.3 is a private address; ");
        assertThat(problems.get(1)).startsWith("callbacks[2].url: localhost names the local machine; ");
        assertThat(problems.get(2)).startsWith("callbacks[3].url: [::1] (0:0:0:0:0:0:0:1) is a loopback address; ");
    }

    @Test
    void anAllowedHostPassesAndAUrlThatIsNoUriIsRefused() {
        TargetPolicy loopback = TargetPolicy.allowing(List.of("127.0.0.1"));

        assertThat(CallbackTargets.refusals(List.of(callback("http://127.0.0.1:8080/hook")), loopback)).isEmpty();
        assertThat(CallbackTargets.refusals(List.of(callback("https://hooks.example.com/a|b")), loopback))
                .singleElement().asString().startsWith("callbacks[0].url: must be a URL with a host");
    }

    @Test
    void whatTheContractsOwnRulesRefuseIsLeftToThem() {
        assertThat(CallbackTargets.refusals(List.of(callback("ftp://10.0.0.1/x"), callback(null)), DEFAULT)).isEmpty();
        assertThat(CallbackTargets.refusals(null, DEFAULT)).isEmpty();
    }

    private static Callback callback(String url) {
        return new Callback(url, List.of(CallbackEvent.COMPLETED), null);
    }
}
