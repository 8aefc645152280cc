package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchOptionsTests {

    @TempDir
    Path dataDir;

    @Test
    void defaultsStartTwoWorkersOnAFreshTemporaryDirectory() {
        LaunchOptions options = LaunchOptions.parse(List.of());

        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.workers()).isEqualTo(2);
        assertThat(options.demo()).isFalse();
        assertThat(options.keepData()).isFalse();
        assertThat(Files.isDirectory(options.dataDir())).isTrue();
        DataDirectories.deleteQuietly(options.dataDir());
    }

    @Test
    void servicePortsFollowTheGatewayPort() {
        LaunchOptions options = LaunchOptions.parse(List.of("--port", "9000", "--workers", "3"));

        assertThat(options.orchestratorPort()).isEqualTo(9001);
        assertThat(options.workerPort(0)).isEqualTo(9002);
        assertThat(options.workerPort(2)).isEqualTo(9004);
        DataDirectories.deleteQuietly(options.dataDir());
    }

    @Test
    void secureIsOffUnlessAskedForAndGoesWithThreeBrokers() {
        LaunchOptions plain = LaunchOptions.parse(List.of());
        LaunchOptions secure = LaunchOptions.parse(List.of("--secure", "--brokers", "3"));

        assertThat(plain.secure()).isFalse();
        assertThat(secure.secure()).isTrue();
        assertThat(secure.brokers()).isEqualTo(3);
        DataDirectories.deleteQuietly(plain.dataDir());
        DataDirectories.deleteQuietly(secure.dataDir());
    }

    @Test
    void threeBrokersAndFurtherGatewaysTakePortsOfTheirOwn() {
        LaunchOptions options = LaunchOptions.parse(List.of("--port", "9000", "--workers", "3", "--brokers", "3",
                "--gateways", "2"));

        assertThat(options.brokers()).isEqualTo(3);
        assertThat(options.gatewayPort(0)).isEqualTo(9000);
        assertThat(options.gatewayPort(1)).as("after the last worker, 9004").isEqualTo(9005);
        DataDirectories.deleteQuietly(options.dataDir());
    }

    @Test
    void furtherOrchestratorsTakeThePortsAfterTheLastGateway() {
        LaunchOptions options = LaunchOptions.parse(List.of("--port", "9000", "--workers", "3", "--gateways", "2",
                "--orchestrators", "2"));

        assertThat(options.orchestrators()).isEqualTo(2);
        assertThat(options.orchestratorPort(0)).isEqualTo(9001);
        assertThat(options.gatewayPort(1)).isEqualTo(9005);
        assertThat(options.orchestratorPort(1)).isEqualTo(9006);
        assertThat(LaunchOptions.parse(List.of("--port", "9000", "--orchestrators", "3")).orchestratorPort(2))
                .as("after the two workers and no second gateway").isEqualTo(9005);
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--orchestrators", "0")))
                .hasMessage("--orchestrators must be between 1 and 8, was 0");
        DataDirectories.deleteQuietly(options.dataDir());
    }

    @Test
    void givenDataDirectoryIsKept() {
        LaunchOptions options = LaunchOptions.parse(List.of("--data-dir", dataDir.toString(), "--demo"));

        assertThat(options.dataDir()).isEqualTo(dataDir.toAbsolutePath().normalize());
        assertThat(options.keepData()).isTrue();
        assertThat(options.demo()).isTrue();
    }

    @Test
    void badFlagsAreRefusedWithAReason() {
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--workers", "0")))
                .hasMessage("--workers must be between 1 and 32, was 0");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--port", "eighty")))
                .hasMessage("--port needs a number, was eighty");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--port")))
                .hasMessage("--port needs a value");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--brokers", "2")))
                .hasMessageContaining("--brokers takes 1 or 3");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--turbo")))
                .hasMessage("unknown option --turbo");
    }
}
