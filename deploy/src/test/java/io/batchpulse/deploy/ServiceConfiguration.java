package io.batchpulse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service reads from its environment, for checking the variables deploy files set (the
 * Kubernetes manifests, the compose file): a {@code ${NAME}} placeholder in its application*.yml,
 * a Spring Boot property bound from the environment ({@code SPRING_*}, {@code SERVER_*},
 * {@code MANAGEMENT_*}), or a property of its own record set by its relaxed name, as the
 * configuration table of the module's README lists it ({@code | `gateway.x.y` | `GATEWAY_X_Y` |}).
 */
public final class ServiceConfiguration {

    public static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    public static final Set<String> SERVICES = Set.of("batch-orchestrator", "generation-worker", "progress-gateway");

    private final String applicationConfig;
    private final String readme;

    private ServiceConfiguration(String applicationConfig, String readme) {
        this.applicationConfig = applicationConfig;
        this.readme = readme;
    }

    public static ServiceConfiguration of(String service) {
        Path module = HOME.resolve(service);
        try (Stream<Path> files = Files.list(module.resolve("src/main/resources"))) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(path -> path.getFileName().toString().startsWith("application")).toList()) {
                all.append(Files.readString(file));
            }
            return new ServiceConfiguration(all.toString(), Files.readString(module.resolve("README.md")));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the configuration of " + service, e);
        }
    }

    /** True when some service reads the variable. */
    public static boolean readBySome(String variable) {
        return SERVICES.stream().anyMatch(service -> of(service).reads(variable));
    }

    public boolean reads(String variable) {
        boolean springBound = variable.startsWith("SPRING_") || variable.startsWith("SERVER_")
                || variable.startsWith("MANAGEMENT_");
        return springBound || applicationConfig.contains("${" + variable)
                || Pattern.compile("(?m)^\\| `[a-z][\\w.-]*` \\| `" + Pattern.quote(variable) + "` \\|")
                        .matcher(readme).find();
    }
}
