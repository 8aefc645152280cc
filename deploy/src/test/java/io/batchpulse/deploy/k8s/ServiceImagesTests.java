package io.batchpulse.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.deploy.ServiceConfiguration;
import io.batchpulse.deploy.k8s.Kustomization.Yamls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The services' images, as `./mvnw verify` builds them with Jib (the `image-check` execution in
 * the root pom): opened like a runtime would, and held against what the service listens on and
 * what the production manifests run them as. These are layered on {@code scratch}, since no
 * registry is reachable here; `-Pimages` builds the same configuration on a JRE base.
 */
class ServiceImagesTests {

    private static final Map<String, String> APPLICATIONS = Map.of(
            "batch-orchestrator", "io.batchpulse.orchestrator.OrchestratorApplication",
            "generation-worker", "io.batchpulse.worker.WorkerApplication",
            "progress-gateway", "io.batchpulse.gateway.GatewayApplication");
    /** Each tarball is read once: the gateway's is over 100 MB. */
    private static final Map<String, ServiceImage> READ = new ConcurrentHashMap<>();
    private static final Pattern SERVER_PORT = Pattern.compile("(?m)^server:\\s*\\n\\s+port: \\$\\{SERVER_PORT:(\\d+)}");

    @ParameterizedTest
    @ValueSource(strings = {"batch-orchestrator", "generation-worker", "progress-gateway"})
    void imageIsTheOneTheManifestsDeploy(String service) throws IOException {
        ServiceImage image = image(service);

        assertThat(image.reference()).isEqualTo("batchpulse/" + service + ":" + projectVersion());
        assertThat(container(service).get("image")).isEqualTo(image.reference());
    }

    @ParameterizedTest
    @ValueSource(strings = {"batch-orchestrator", "generation-worker", "progress-gateway"})
    void runsAsTheNonRootUserTheManifestsRequire(String service) throws IOException {
        String user = image(service).config().path("User").asString();

        assertThat(user).isEqualTo("10001:10001");
        Map<String, Object> podSecurity = Yamls.map(Manifests.at(deployment(service), "spec", "template", "spec",
                "securityContext"));
        assertThat(podSecurity).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001);
    }

    @ParameterizedTest
    @ValueSource(strings = {"batch-orchestrator", "generation-worker", "progress-gateway"})
    void exposesThePortTheServiceListensOn(String service) throws IOException {
        Matcher port = SERVER_PORT.matcher(Files.readString(
                ServiceConfiguration.HOME.resolve(service).resolve("src/main/resources/application.yml")));
        assertThat(port.find()).as("server.port of " + service).isTrue();

        List<String> exposed = names(image(service).config().path("ExposedPorts"));

        assertThat(exposed).containsExactly(port.group(1) + "/tcp");
        assertThat(Manifests.at(container(service), "ports", "0", "containerPort"))
                .isEqualTo(Integer.parseInt(port.group(1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"batch-orchestrator", "generation-worker", "progress-gateway"})
    void entrypointStartsTheApplicationFromItsOwnLayers(String service) throws IOException {
        ServiceImage image = image(service);
        String application = APPLICATIONS.get(service);

        assertThat(strings(image.config().path("Entrypoint")))
                .containsExactly("java", "-cp", "@/app/jib-classpath-file", application);
        assertThat(image.file("/app/jib-main-class-file").text().strip()).isEqualTo(application);
        assertThat(image.file("/app/classes/" + application.replace('.', '/') + ".class").directory()).isFalse();
        List<String> classpath = Arrays.asList(image.file("/app/jib-classpath-file").text().strip().split(":"));
        assertThat(classpath).contains("/app/classes", "/app/resources", "/app/libs/common-events-" + projectVersion() + ".jar");
        assertThat(classpath).allSatisfy(entry -> assertThat(image.files()).containsKey(entry));
        assertThat(image.file("/app/resources/application.yml").text()).contains("${SERVER_PORT:");
        assertThat(strings(image.config().path("Env")))
                .contains("JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void gatewayImageHasAnUploadSpoolItsUserCanWrite() throws IOException {
        ServiceImage image = image("progress-gateway");
        String spool = (String) ((List<?>) container("progress-gateway").get("env")).stream()
                .map(Yamls::map)
                .filter(variable -> "GATEWAY_UPLOADS_DIRECTORY".equals(variable.get("name")))
                .findFirst().orElseThrow().get("value");

        ServiceImage.LayerFile directory = image.file(spool);

        assertThat(directory.directory()).isTrue();
        assertThat(directory.mode()).isEqualTo(0777);
    }

    private static ServiceImage image(String service) throws IOException {
        ServiceImage image = READ.get(service);
        if (image == null) {
            image = read(service);
            READ.put(service, image);
        }
        return image;
    }

    private static ServiceImage read(String service) throws IOException {
        Path tarball = ServiceConfiguration.HOME.resolve(service).resolve("target/image-check/" + service + ".tar");
        assertThat(tarball).as("built by the image-check execution of " + service + "'s verify").exists();
        return ServiceImage.read(tarball);
    }

    private static Map<String, Object> deployment(String service) {
        return Manifests.of("production").get("Deployment", service);
    }

    private static Map<String, Object> container(String service) {
        return Manifests.container(deployment(service));
    }

    private static String projectVersion() throws IOException {
        Matcher version = Pattern.compile("<artifactId>batchpulse-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ServiceConfiguration.HOME.resolve("pom.xml")));
        assertThat(version.find()).isTrue();
        return version.group(1);
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }

    private static List<String> names(JsonNode object) {
        return object.propertyNames().stream().toList();
    }
}
