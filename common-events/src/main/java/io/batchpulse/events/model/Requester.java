package io.batchpulse.events.model;

/** Who asked for a command: the JWT subject, and whether they hold the admin scope. */
public record Requester(String subject, boolean admin) {

    public boolean mayControl(String owner) {
        return admin || (subject != null && subject.equals(owner));
    }
}
