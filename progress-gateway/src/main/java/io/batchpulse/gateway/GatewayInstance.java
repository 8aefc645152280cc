package io.batchpulse.gateway;

import java.util.UUID;

/**
 * Identity of this gateway process. It keeps transactional ids and the reply consumer's group
 * apart between instances: every instance must see every command outcome, and one instance's
 * transactions must never fence another's.
 */
public record GatewayInstance(String id) {

    public static GatewayInstance random() {
        return new GatewayInstance(UUID.randomUUID().toString());
    }
}
