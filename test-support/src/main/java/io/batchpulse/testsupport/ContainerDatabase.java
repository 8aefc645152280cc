package io.batchpulse.testsupport;

import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL's own image, for machines with a Docker engine. */
final class ContainerDatabase extends Database {

    private final PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");

    @Override
    void start() {
        postgres.start();
    }

    @Override
    void stop() {
        postgres.stop();
    }

    @Override
    protected String serverUrl() {
        return "jdbc:postgresql://" + postgres.getHost() + ":" + postgres.getMappedPort(5432) + "/";
    }

    @Override
    public String username() {
        return postgres.getUsername();
    }

    @Override
    public String password() {
        return postgres.getPassword();
    }
}
