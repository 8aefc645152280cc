package io.batchpulse.events.url;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which hosts a batch's {@code config.url} may name, so the {@code http} processor cannot be
 * turned against the services next to the workers (server-side request forgery): loopback,
 * private, link-local (cloud metadata), unspecified, multicast and reserved addresses are refused,
 * in every spelling of them, unless the allow-list names the host or a range holding the address.
 *
 * <p>The gateway asks {@link #refusalBeforeResolving} at create time; a worker resolves through
 * {@link #resolve} and connects only to the addresses it returns, so a DNS answer that changes
 * between check and connect changes nothing.
 */
public final class TargetPolicy {

    private static final List<NamedRange> REFUSED = List.of(
            new NamedRange("0.0.0.0/8", "an unspecified address"),
            new NamedRange("10.0.0.0/8", "a private address"),
            new NamedRange("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
            new NamedRange("127.0.0.0/8", "a loopback address"),
            new NamedRange("169.254.0.0/16", "a link-local address (cloud metadata lives there)"),
            new NamedRange("172.16.0.0/12", "a private address"),
            new NamedRange("192.168.0.0/16", "a private address"),
            new NamedRange("224.0.0.0/4", "a multicast address"),
            new NamedRange("240.0.0.0/4", "a reserved or broadcast address"),
            new NamedRange("::/128", "an unspecified address"),
            new NamedRange("::1/128", "a loopback address"),
            new NamedRange("fc00::/7", "a private address"),
            new NamedRange("fe80::/10", "a link-local address"),
            new NamedRange("fec0::/10", "a site-local address"),
            new NamedRange("ff00::/8", "a multicast address"));

    /**
     * First twelve bytes of the IPv6 forms that carry an IPv4 address in their last four: mapped
     * ({@code ::ffff:0:0/96}, which the JDK's parser turns into IPv4 but a hand-built address keeps),
     * compatible ({@code ::/96}) and NAT64 ({@code 64:ff9b::/96}).
     */
    private static final List<byte[]> EMBEDDING_IPV4 = List.of(
            new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff},
            new byte[12],
            new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0});

    private final List<String> allowList;
    private final Set<String> allowedHosts;
    private final List<Cidr> allowedRanges;

    private TargetPolicy(List<String> allowList, Set<String> allowedHosts, List<Cidr> allowedRanges) {
        this.allowList = allowList;
        this.allowedHosts = allowedHosts;
        this.allowedRanges = allowedRanges;
    }

    /**
     * @param allowList host names (exact, any case) and addresses or CIDR ranges ({@code 10.1.0.0/16},
     *                  {@code 127.0.0.1}, {@code fd00::/8}) that may be called although refused by default
     * @throws IllegalArgumentException for an entry that is blank or a malformed address or range
     */
    public static TargetPolicy allowing(Collection<String> allowList) {
        List<Cidr> ranges = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (String entry : allowList) {
            if (entry == null || entry.isBlank()) {
                throw new IllegalArgumentException("an allowed target must not be blank");
            }
            String host = normalize(entry.trim());
            if (host.contains("/") || IpLiterals.parse(host).isPresent()) {
                ranges.add(Cidr.parse(host));
            } else {
                hosts.add(host);
            }
        }
        return new TargetPolicy(List.copyOf(allowList), Set.copyOf(hosts), List.copyOf(ranges));
    }

    /**
     * What can be known without asking DNS: a literal address (in any form) in a refused range, a
     * name of the local machine, or a host that looks like an address but is none.
     *
     * @param host a URL's host as {@link URI#getHost()} gives it (IPv6 in brackets)
     * @return why the host is refused, or empty when it may be called or only DNS can tell
     */
    public Optional<String> refusalBeforeResolving(String host) {
        String name = normalize(host);
        if (allowedHosts.contains(name)) {
            return Optional.empty();
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return Optional.of(host + " names the local machine");
        }
        Optional<InetAddress> literal;
        try {
            literal = IpLiterals.parse(name);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        return literal.flatMap(address -> refusal(address).map(why -> describe(host, address) + " is " + why));
    }

    /**
     * Resolves a host, a literal address without DNS, and returns its addresses when every one of
     * them may be called; a caller connects to these and nothing else.
     *
     * @throws TargetRefusedException when the host, or any address it resolves to, is refused
     * @throws UnknownHostException   when the name does not resolve
     */
    public InetAddress[] resolve(String host, Resolver resolver) throws UnknownHostException {
        Optional<String> refusal = refusalBeforeResolving(host);
        if (refusal.isPresent()) {
            throw new TargetRefusedException(refusal.get());
        }
        String name = normalize(host);
        Optional<InetAddress> literal = IpLiterals.parse(name);
        if (literal.isPresent()) {
            return new InetAddress[] {literal.get()};
        }
        InetAddress[] addresses = resolver.resolve(name);
        if (allowedHosts.contains(name)) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            Optional<String> why = refusal(address);
            if (why.isPresent()) {
                // The address itself stays out of the message: users should not map internal DNS with it.
                throw new TargetRefusedException(host + " resolves to " + why.get());
            }
        }
        return addresses;
    }

    /** The allow-list as given, for the start-up log. */
    @Override
    public String toString() {
        return "allowed targets " + allowList;
    }

    private Optional<String> refusal(InetAddress address) {
        List<InetAddress> forms = forms(address);
        if (forms.stream().anyMatch(form -> allowedRanges.stream().anyMatch(range -> range.contains(form)))) {
            return Optional.empty();
        }
        return forms.stream()
                .flatMap(form -> REFUSED.stream().filter(range -> range.cidr().contains(form)))
                .map(NamedRange::description)
                .findFirst();
    }

    /** The address, and the IPv4 address inside it when it is one of the IPv6 forms carrying one. */
    private static List<InetAddress> forms(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (!(address instanceof Inet6Address)
                || EMBEDDING_IPV4.stream().noneMatch(prefix -> Arrays.equals(bytes, 0, 12, prefix, 0, 12))) {
            return List.of(address);
        }
        try {
            byte[] ipv4 = {bytes[12], bytes[13], bytes[14], bytes[15]};
            return List.of(address, InetAddress.getByAddress(ipv4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }

    private static String describe(String host, InetAddress address) {
        String canonical = address.getHostAddress();
        return normalize(host).equals(canonical) ? host : host + " (" + canonical + ")";
    }

    private static String normalize(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.endsWith(".") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
    }

    /** How a worker turns a name into addresses: the system resolver in production. */
    @FunctionalInterface
    public interface Resolver {

        InetAddress[] resolve(String name) throws UnknownHostException;
    }

    private record NamedRange(Cidr cidr, String description) {

        NamedRange(String range, String description) {
            this(Cidr.parse(range), description);
        }
    }
}
