package io.batchpulse.events.url;

import io.batchpulse.events.model.Callback;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which of a create's callback URLs the orchestrator would refuse to call, as far as that shows
 * without DNS: the gateway asks at the door (so a bad create writes nothing), the orchestrator again
 * when it applies the command; its sender checks the resolved addresses at every attempt.
 */
public final class CallbackTargets {

    private static final Pattern HTTP_URL = Pattern.compile("(?i)https?://\\S+");

    private CallbackTargets() {
    }

    /**
     * @return one {@code callbacks[i].url: why} per refused URL; a URL the contract's own rule
     *         refuses (null, not http) is left to that rule
     */
    public static List<String> refusals(List<Callback> callbacks, TargetPolicy policy) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; callbacks != null && i < callbacks.size(); i++) {
            String url = callbacks.get(i) == null ? null : callbacks.get(i).url();
            if (url == null || !HTTP_URL.matcher(url).matches()) {
                continue;
            }
            String where = "callbacks[" + i + "].url: ";
            String host = hostOf(url);
            if (host == null) {
                problems.add(where + "must be a URL with a host (characters such as spaces, | or { must be escaped)");
            } else {
                policy.refusalBeforeResolving(host).ifPresent(why -> problems.add(where + why
                        + "; callbacks go to public addresses unless BATCHPULSE_CALLBACK_ALLOWED_TARGETS names the target"));
            }
        }
        return problems;
    }

    private static String hostOf(String url) {
        try {
            return new URI(url).getHost();
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
