package io.batchpulse.deploy;

/**
 * The Kafka users of a cluster started with {@code --secure}: one per service, {@code tool} for
 * an operator's tools, which may only write commands, and {@code admin}, the brokers' own super
 * user that the launcher also creates topics, users and ACLs with. The service users are named
 * as deploy/k8s names its KafkaUsers.
 */
public enum KafkaUser {

    ADMIN("admin"),
    ORCHESTRATOR("batch-orchestrator"),
    WORKER("generation-worker"),
    GATEWAY("progress-gateway"),
    TOOL("batchpulse-tool");

    private final String username;

    KafkaUser(String username) {
        this.username = username;
    }

    public String username() {
        return username;
    }

    /** The user of that name; a service's user is named as its module. */
    static KafkaUser named(String username) {
        for (KafkaUser user : values()) {
            if (user.username.equals(username)) {
                return user;
            }
        }
        throw new IllegalArgumentException("no Kafka user " + username);
    }

    /** The principal the brokers' authorizer sees, as ACLs name it. */
    public String principal() {
        return "User:" + username;
    }
}
