package io.batchpulse.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL server from io.zonky's embedded distribution. The data directory is
 * initialised once and reused, so a given --data-dir keeps batches across restarts.
 */
final class PostgresServer implements AutoCloseable {

    static final String DATABASE = "batchpulse";
    static final String USER = "postgres";

    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts the server on {@code directory}, appending its log (slow statements, lock waits) to {@code log}. */
    static PostgresServer start(Path directory, int port, Path log) {
        try {
            Files.createDirectories(log.getParent());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // stopped by LocalCluster.close, after the services: its own hook would stop it at
                    // once on SIGTERM, while the orchestrators still drain their work into it
                    .setRegisterShutdownHook(false)
                    // durable commits: the data directory may be kept across runs
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "200")
                    // what held up a statement, for whoever reads the log after a stall: a lock wait
                    // longer than deadlock_timeout (1 s) names its holder; a statement over 2 s is logged
                    .setServerConfig("log_lock_waits", "on")
                    .setServerConfig("log_min_duration_statement", "2000")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            PostgresServer server = new PostgresServer(postgres);
            server.createDatabaseIfMissing();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PostgreSQL on port " + port, e);
        }
    }

    String jdbcUrl() {
        return jdbcUrl(postgres.getPort());
    }

    /** The URL of this database at another port: a proxy's in front of it. */
    static String jdbcUrl(int port) {
        // batched JDBC inserts become multi-row INSERTs (the orchestrator relies on it)
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?reWriteBatchedInserts=true";
    }

    private void createDatabaseIfMissing() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + DATABASE, e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
