package io.batchpulse.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The users and passwords of a cluster started with {@code --secure}, and what the brokers and the
 * clients configure from them. The passwords are made once per data directory and kept in
 * {@code <data-dir>/kafka-users.properties}, readable by its owner only; they are printed nowhere.
 * Clients authenticate with SCRAM-SHA-512 over SASL_PLAINTEXT (loopback only: a real deployment
 * adds TLS, SASL_SSL); the controller listener, which the nodes alone use, with PLAIN and the
 * admin user, because SCRAM credentials live in the metadata the controllers serve.
 */
public final class KafkaCredentials {

    public static final String FILE_NAME = "kafka-users.properties";
    static final String PROTOCOL = "SASL_PLAINTEXT";
    static final String MECHANISM = "SCRAM-SHA-512";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Map<KafkaUser, String> passwords;

    private KafkaCredentials(Path file, Map<KafkaUser, String> passwords) {
        this.file = file;
        this.passwords = passwords;
    }

    /**
     * The data directory's credentials, made on its first secure start. A data directory whose
     * broker was formatted without {@code --secure} has no admin user, so it cannot become secure.
     */
    static KafkaCredentials of(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                Properties stored = new Properties();
                stored.load(new StringReader(Files.readString(file)));
                Map<KafkaUser, String> passwords = new EnumMap<>(KafkaUser.class);
                for (KafkaUser user : KafkaUser.values()) {
                    passwords.put(user, stored.getProperty(user.username(), newPassword()));
                }
                return new KafkaCredentials(file, passwords).save();
            }
            if (Files.exists(dataDir.resolve("kafka").resolve("cluster.id"))) {
                throw new IllegalStateException(dataDir + " has a Kafka but no " + FILE_NAME + ": it was first started "
                        + "without --secure (or the file was removed), so its Kafka has no admin user; start --secure "
                        + "on a new --data-dir");
            }
            Map<KafkaUser, String> passwords = new EnumMap<>(KafkaUser.class);
            for (KafkaUser user : KafkaUser.values()) {
                passwords.put(user, newPassword());
            }
            return new KafkaCredentials(file, passwords).save();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write " + file, e);
        }
    }

    /** Where the passwords are. */
    public Path file() {
        return file;
    }

    String password(KafkaUser user) {
        return passwords.get(user);
    }

    /** The client properties of one user: every Kafka client (producer, consumer, admin, Streams) takes them. */
    public Map<String, Object> clientProperties(KafkaUser user) {
        return Map.of("security.protocol", PROTOCOL, "sasl.mechanism", MECHANISM, "sasl.jaas.config", jaas(user));
    }

    /**
     * The same for a Spring Boot service, as environment variables: Spring Boot passes
     * spring.kafka.security.* and spring.kafka.properties.* to every client it builds.
     */
    Map<String, String> serviceEnvironment(KafkaUser user) {
        return Map.of("SPRING_KAFKA_SECURITY_PROTOCOL", PROTOCOL,
                "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", MECHANISM,
                "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", jaas(user));
    }

    /** The formatter's arguments that put the admin user in the new cluster's first metadata. */
    List<String> formatArguments() {
        return List.of("--add-scram", MECHANISM + "=[name=" + KafkaUser.ADMIN.username() + ",password="
                + password(KafkaUser.ADMIN) + "]");
    }

    /**
     * What a node's plain configuration needs on top, as lines that override it (the last value of
     * a key wins): every listener in {@code listeners} speaks SASL, the controller listener with
     * PLAIN and the others with SCRAM; StandardAuthorizer denies whatever no ACL allows, except to
     * the admin user, whom the nodes use between themselves.
     */
    String brokerProperties(String plainConfig) {
        Properties config = new Properties();
        try {
            config.load(new StringReader(plainConfig));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> controllers = names(config.getProperty("controller.listener.names"));
        List<String> listeners = names(config.getProperty("listeners")).stream().toList();
        String admin = KafkaUser.ADMIN.username();
        String password = password(KafkaUser.ADMIN);
        Map<String, String> secure = new LinkedHashMap<>();
        secure.put("listener.security.protocol.map",
                listeners.stream().map(name -> name + ":" + PROTOCOL).collect(Collectors.joining(",")));
        secure.put("sasl.enabled.mechanisms", MECHANISM);
        secure.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        secure.put("sasl.mechanism.controller.protocol", "PLAIN");
        for (String listener : listeners) {
            String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
            if (controllers.contains(listener)) {
                secure.put(prefix + "sasl.enabled.mechanisms", "PLAIN");
                secure.put(prefix + "plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                        + "required username=\"" + admin + "\" password=\"" + password + "\" user_" + admin + "=\""
                        + password + "\";");
            } else {
                secure.put(prefix + MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config", jaas(KafkaUser.ADMIN));
            }
        }
        secure.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        secure.put("allow.everyone.if.no.acl.found", "false");
        secure.put("super.users", KafkaUser.ADMIN.principal());
        return secure.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining("\n", "# --secure\n", "\n"));
    }

    /** Creates (or narrows) {@code file} so that only its owner may read it, before anything secret is written. */
    static void restrictToOwner(Path file) throws IOException {
        if (Files.exists(file)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } else {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
    }

    private String jaas(KafkaUser user) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user.username()
                + "\" password=\"" + password(user) + "\";";
    }

    private static Set<String> names(String listeners) {
        return Stream.of(listeners == null ? new String[0] : listeners.split(","))
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .map(entry -> entry.contains("://") ? entry.substring(0, entry.indexOf("://")) : entry)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private KafkaCredentials save() throws IOException {
        Files.createDirectories(file.getParent());
        restrictToOwner(file);
        Properties stored = new Properties();
        passwords.forEach((user, password) -> stored.setProperty(user.username(), password));
        try (Writer out = Files.newBufferedWriter(file)) {
            stored.store(out, "Kafka users of deploy/run-local --secure (SCRAM-SHA-512); keep private");
        }
        return this;
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
