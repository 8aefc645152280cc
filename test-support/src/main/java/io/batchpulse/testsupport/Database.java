package io.batchpulse.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A running PostgreSQL server for tests; each test class takes a database of its own. */
public abstract class Database {

    abstract void start();

    abstract void stop();

    /** JDBC URL of the server's maintenance database, without a database name appended. */
    protected abstract String serverUrl();

    public abstract String username();

    public abstract String password();

    /** Creates an empty database and returns its JDBC URL. */
    public String createDatabase() {
        String name = "bp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(serverUrl() + "postgres", username(), password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name, e);
        }
        return serverUrl() + name;
    }
}
