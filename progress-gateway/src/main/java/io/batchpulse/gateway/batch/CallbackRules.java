package io.batchpulse.gateway.batch;

import io.batchpulse.events.model.Callback;
import io.batchpulse.events.url.TargetPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Callback URLs the orchestrator would refuse to call (loopback, private, link-local, multicast,
 * unless its allow-list names them) are refused at the door, as far as it shows without DNS, so
 * a bad create writes nothing. The orchestrator checks again, and checks resolved addresses at every attempt.
 */
final class CallbackRules {

    private CallbackRules() {
    }

    static List<String> refusals(List<Callback> callbacks, TargetPolicy targets) {
        List<String> problems = new ArrayList<>();
        if (callbacks == null) {
            return problems;
        }
        for (int i = 0; i < callbacks.size(); i++) {
            String url = callbacks.get(i) == null ? null : callbacks.get(i).url();
            String host = url == null ? null : hostOf(url);
            if (host != null) {
                String where = "callbacks[" + i + "].url: ";
                targets.refusalBeforeResolving(host).ifPresent(why -> problems.add(where + why
                        + "; callbacks go to public addresses unless BATCHPULSE_CALLBACK_ALLOWED_TARGETS names the target"));
            }
        }
        return problems;
    }

    /** The host of an http(s) URL, null for anything else (the contract's URL rule reports those). */
    private static String hostOf(String url) {
        try {
            URI uri = new URI(url);
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return http ? uri.getHost() : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
