package io.batchpulse.events.url;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a URL's host as an IP address the way URL parsers and {@code inet_aton} do, so that
 * {@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1} and {@code [::1]} are all seen as the
 * loopback address they name rather than as DNS names.
 */
final class IpLiterals {

    private static final Pattern NUMBER = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");
    /** Longer numbers cannot be an address part; this also keeps them clear of long overflow. */
    private static final int MAX_PART_CHARS = 12;

    private IpLiterals() {
    }

    /**
     * @param host without the URL's brackets, or with them
     * @return the address, or empty when the host is a name to resolve
     * @throws IllegalArgumentException when the host is meant as an address but names none
     */
    static Optional<InetAddress> parse(String host) {
        String text = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (text.contains(":")) {
            return Optional.of(ipv6(text));
        }
        String[] parts = text.split("\\.", -1);
        // As in the URL standard: a host whose last label is a number is an IPv4 address or invalid.
        if (!NUMBER.matcher(parts[parts.length - 1]).matches()) {
            return Optional.empty();
        }
        return Optional.of(ipv4(parts, text));
    }

    private static InetAddress ipv6(String text) {
        if (!IPV6.matcher(text).matches()) {
            throw invalid(text);
        }
        try {
            // Only hex digits, colons and dots: the JDK parses this as a literal, never asks DNS.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw invalid(text);
        }
    }

    private static InetAddress ipv4(String[] parts, String text) {
        if (parts.length > 4) {
            throw invalid(text);
        }
        long value = 0;
        for (int i = 0; i < parts.length; i++) {
            long part = number(parts[i], text);
            boolean last = i == parts.length - 1;
            long limit = last ? (1L << (8 * (4 - i))) - 1 : 255;
            if (part > limit) {
                throw invalid(text);
            }
            value = last ? value << (8 * (4 - i)) | part : value << 8 | part;
        }
        byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }

    private static long number(String part, String text) {
        if (!NUMBER.matcher(part).matches() || part.length() > MAX_PART_CHARS) {
            throw invalid(text);
        }
        try {
            if (part.startsWith("0x") || part.startsWith("0X")) {
                return part.length() == 2 ? 0 : Long.parseLong(part.substring(2), 16);
            }
            return part.length() > 1 && part.startsWith("0") ? Long.parseLong(part, 8) : Long.parseLong(part);
        } catch (NumberFormatException e) {
            throw invalid(text); // an octal part with an 8 or a 9
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(text + " is not a valid IP address");
    }
}
