package io.batchpulse.gateway.batch;

import io.batchpulse.events.model.Callback;
import io.batchpulse.events.url.TargetPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Callback URLs the orchestrator would refuse to call (loopback, private, link-local, multicast,
 * unless its allow-list names them) are refused at the door, as far as it shows without DNS, so
 * a bad create writes nothing. The orchestrator checks again, and checks resolved addresses at every attempt.
 */
final class CallbackRules {

    private static final Pattern HTTP_URL = Pattern.compile("(?i)https?://\\S+");

    private CallbackRules() {
    }

    static List<String> refusals(List<Callback> callbacks, TargetPolicy targets) {
        List<String> problems = new ArrayList<>();
        if (callbacks == null) {
            return problems;
        }
        for (int i = 0; i < callbacks.size(); i++) {
            String url = callbacks.get(i) == null ? null : callbacks.get(i).url();
            if (url == null || !HTTP_URL.matcher(url).matches()) {
                continue; // the contract's URL rule reports it
            }
            String where = "callbacks[" + i + "].url: ";
            String host = hostOf(url);
            if (host == null) {
                problems.add(where + "must be a URL with a host (characters such as spaces, | or { must be escaped)");
            } else {
                targets.refusalBeforeResolving(host).ifPresent(why -> problems.add(where + why
                        + "; callbacks go to public addresses unless BATCHPULSE_CALLBACK_ALLOWED_TARGETS names the target"));
            }
        }
        return problems;
    }

    /** The host of a URL, null when it has none or is no valid URI. */
    private static String hostOf(String url) {
        try {
            return new URI(url).getHost();
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
