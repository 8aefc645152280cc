package io.batchpulse.gateway.auth;

import io.batchpulse.events.model.Requester;

/** The authenticated user of a request: the JWT subject and whether they hold the admin scope. */
public record Caller(String subject, boolean admin) {

    public Requester requester() {
        return new Requester(subject, admin);
    }

    public boolean mayAccess(String owner) {
        return requester().mayControl(owner);
    }
}
