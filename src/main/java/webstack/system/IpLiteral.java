package webstack.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP addresses written as literals ({@code 127.0.0.1}, {@code ::1}), parsed without ever
 * asking DNS: {@link InetAddress#getByName} looks up whatever does not parse as an address,
 * and an address check must not depend on, or be slowed by, a name server.
 */
public final class IpLiteral {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpLiteral() {
    }

    /** The address {@code text} writes, or null if it is not an IPv4 or IPv6 literal (a name, a zone, garbage). */
    public static InetAddress parse(String text) {
        if (text == null) return null;
        try {
            if (IPV4.matcher(text).matches()) return InetAddress.getByName(text);
            // In brackets, an IPv6 literal that does not parse is an error, never a name to look up.
            if (IPV6.matcher(text).matches()) return InetAddress.getByName("[" + text + "]");
        } catch (UnknownHostException malformed) {
            return null;
        }
        return null;
    }
}
