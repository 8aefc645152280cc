package io.batchpulse.events.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetPolicyTests {

    private static final TargetPolicy DEFAULT = TargetPolicy.allowing(List.of());

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "[::1]", "localhost", "LOCALHOST.", "api.localhost",
            "10.0.0.5", "172.16.3.4", "172.31.255.255", "192.168.1.1", "100.64.0.1", "169.254.169.254",
            "0.0.0.0", "[::]", "[fe80::1]", "[fd12:3456::1]", "[fc00::1]", "224.0.0.1", "255.255.255.255",
            "[ff02::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::ffff:169.254.169.254]", "[64:ff9b::a00:1]",
            "2130706433", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "127.1", "0x7f.1", "017700000001",
            "0", "0xA9.0xFE.0xA9.0xFE", "127.0.0.1."})
    void refusesEveryFormOfAnInternalAddressWithoutDns(String host) {
        assertThat(DEFAULT.refusalBeforeResolving(host)).as(host).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.0.0.1", "1.2.3.4.5", "0x1.0x100.1.1", "08.0.0.1", "4294967296", "1..1",
            "[::1%25eth0]", "[1:2:3]"})
    void refusesAHostThatLooksLikeAnAddressButIsNone(String host) {
        assertThat(DEFAULT.refusalBeforeResolving(host)).as(host).hasValueSatisfying(
                why -> assertThat(why).contains("is not a valid IP address"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "[2606:4700::1111]", "172.32.0.1", "example.com",
            "internal.example", "metadata.google.internal", "1.2.3.example"})
    void leavesPublicAddressesAndDnsNamesToTheWorker(String host) {
        assertThat(DEFAULT.refusalBeforeResolving(host)).as(host).isEmpty();
    }

    @Test
    void aRefusalNamesTheAddressAndWhatKindItIs() {
        assertThat(DEFAULT.refusalBeforeResolving("0177.0.0.1")).hasValue("0177.0.0.1 (127.0.0.1) is a loopback address");
        assertThat(DEFAULT.refusalBeforeResolving("169.254.169.254")).hasValue(
                "169.254.169.254 is a link-local address (cloud metadata lives there)");
        assertThat(DEFAULT.refusalBeforeResolving("localhost")).hasValue("localhost names the local machine");
    }

    @Test
    void theAllowListPermitsListedRangesAndHosts() {
        TargetPolicy policy = TargetPolicy.allowing(List.of("10.1.0.0/16", "127.0.0.1", "API.internal.example",
                "localhost", "fd00::/8"));

        assertThat(policy.refusalBeforeResolving("10.1.200.3")).isEmpty();
        assertThat(policy.refusalBeforeResolving("10.2.0.1")).isPresent();
        assertThat(policy.refusalBeforeResolving("127.0.0.1")).isEmpty();
        assertThat(policy.refusalBeforeResolving("2130706433")).isEmpty();
        assertThat(policy.refusalBeforeResolving("[::ffff:127.0.0.1]")).isEmpty();
        assertThat(policy.refusalBeforeResolving("127.0.0.2")).isPresent();
        assertThat(policy.refusalBeforeResolving("localhost")).isEmpty();
        assertThat(policy.refusalBeforeResolving("[fd12::1]")).isEmpty();
        assertThat(policy.refusalBeforeResolving("[::1]")).isPresent();
    }

    @Test
    void resolvingChecksEveryAddressANameGets() throws UnknownHostException {
        TargetPolicy.Resolver dns = resolver(Map.of(
                "public.test", List.of("93.184.216.34"),
                "internal.test", List.of("127.0.0.1"),
                "mixed.test", List.of("93.184.216.34", "10.0.0.1"),
                "mapped.test", List.of("::ffff:a9fe:a9fe")));

        assertThat(DEFAULT.resolve("public.test", dns)).extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.216.34");
        assertThatThrownBy(() -> DEFAULT.resolve("internal.test", dns)).isInstanceOf(TargetRefusedException.class)
                .hasMessage("internal.test resolves to a loopback address");
        assertThatThrownBy(() -> DEFAULT.resolve("mixed.test", dns)).isInstanceOf(TargetRefusedException.class)
                .hasMessage("mixed.test resolves to a private address");
        assertThatThrownBy(() -> DEFAULT.resolve("mapped.test", dns)).isInstanceOf(TargetRefusedException.class)
                .hasMessageStartingWith("mapped.test resolves to a link-local address");
    }

    @Test
    void anIpv4MappedIpv6AddressIsJudgedByItsIpv4Address() throws UnknownHostException {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 169, (byte) 254, (byte) 169,
                (byte) 254};
        InetAddress metadata = Inet6Address.getByAddress(null, mapped, null);

        assertThatThrownBy(() -> DEFAULT.resolve("mapped.test", name -> new InetAddress[] {metadata}))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessageStartingWith("mapped.test resolves to a link-local address");
        assertThat(TargetPolicy.allowing(List.of("169.254.0.0/16")).resolve("mapped.test",
                name -> new InetAddress[] {metadata})).containsExactly(metadata);
    }

    @Test
    void literalsAreNeverSentToDns() throws UnknownHostException {
        TargetPolicy.Resolver noDns = name -> {
            throw new AssertionError("asked DNS for " + name);
        };
        TargetPolicy loopbackAllowed = TargetPolicy.allowing(List.of("127.0.0.0/8"));

        assertThat(loopbackAllowed.resolve("0177.0.0.1", noDns)).extracting(InetAddress::getHostAddress)
                .containsExactly("127.0.0.1");
        assertThat(DEFAULT.resolve("[2606:4700::1111]", noDns)).hasSize(1);
        assertThatThrownBy(() -> DEFAULT.resolve("2130706433", noDns)).isInstanceOf(TargetRefusedException.class);
    }

    @Test
    void anAllowedNameMayResolveAnywhere() throws UnknownHostException {
        TargetPolicy policy = TargetPolicy.allowing(List.of("internal.test"));

        assertThat(policy.resolve("Internal.Test.", resolver(Map.of("internal.test", List.of("10.0.0.7")))))
                .extracting(InetAddress::getHostAddress).containsExactly("10.0.0.7");
    }

    @Test
    void aMalformedAllowListEntryIsRefused() {
        for (String entry : new String[] {"", " ", "10.0.0.0/33", "10.0.0.0/x", "300.1.1.1", "::1/129"}) {
            assertThatIllegalArgumentException().as(entry).isThrownBy(() -> TargetPolicy.allowing(List.of(entry)));
        }
    }

    private static TargetPolicy.Resolver resolver(Map<String, List<String>> names) {
        return name -> {
            List<String> addresses = names.get(name);
            if (addresses == null) {
                throw new UnknownHostException(name);
            }
            InetAddress[] resolved = new InetAddress[addresses.size()];
            for (int i = 0; i < resolved.length; i++) {
                resolved[i] = InetAddress.getByName(addresses.get(i));
            }
            return resolved;
        };
    }
}
