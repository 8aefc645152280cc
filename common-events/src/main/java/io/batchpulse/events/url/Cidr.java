package io.batchpulse.events.url;

import java.net.InetAddress;

/** An address range such as {@code 10.0.0.0/8} or {@code fc00::/7}. */
record Cidr(byte[] network, int prefixLength) {

    /** @throws IllegalArgumentException unless {@code text} is a literal address, optionally with {@code /prefix} */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        InetAddress parsed = IpLiterals.parse(address)
                .orElseThrow(() -> new IllegalArgumentException("not an IP address: " + text));
        byte[] bytes = parsed.getAddress();
        int maxPrefix = bytes.length * 8;
        int prefix = slash < 0 ? maxPrefix : prefixLength(text.substring(slash + 1), text);
        if (prefix > maxPrefix) {
            throw new IllegalArgumentException("prefix longer than the address: " + text);
        }
        return new Cidr(bytes, prefix);
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = 0xff << (8 - remainingBits) & 0xff;
        return (bytes[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    private static int prefixLength(String prefix, String text) {
        if (!prefix.matches("[0-9]{1,3}")) {
            throw new IllegalArgumentException("not a prefix length: " + text);
        }
        return Integer.parseInt(prefix);
    }
}
