using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ScaleSets.HAProxy.Runtime;

/// <summary>
/// Validates everything that goes into a Runtime API command line. The protocol is line based and ';' separates commands,
/// so a name or address holding a newline, ';', a space, a backslash or any control character could smuggle a second command:
/// those are refused here, before anything is sent.
/// </summary>
internal static class RuntimeInput
{
    /// <summary>The longest backend or server name accepted.</summary>
    public const int MaxNameLength = 100;

    /// <summary>Checks a backend name, server name or prefix: 1 to 100 of letters, digits, '.', '-' and '_'.</summary>
    public static bool TryValidateName(string? value, out string error)
    {
        if (string.IsNullOrEmpty(value))
        {
            error = "is empty.";
            return false;
        }

        if (value.Length > MaxNameLength)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"'{Describe(value[..20])}…' is {value.Length} characters long; at most {MaxNameLength} are allowed.");
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                error = string.Create(CultureInfo.InvariantCulture, $"'{Describe(value)}' holds {DescribeChar(c)} at position {i}; only letters, digits, '.', '-' and '_' are allowed.");
                return false;
            }
        }

        error = string.Empty;
        return true;
    }

    /// <summary>Validates a name or throws an <see cref="ArgumentException"/> saying what is wrong where.</summary>
    public static string RequireName(string? value, string what, string paramName)
    {
        if (!TryValidateName(value, out var error))
        {
            throw new ArgumentException($"HAProxy {what}: {error} Nothing was sent to HAProxy.", paramName);
        }

        return value!;
    }

    /// <summary>
    /// Parses an instance address: an IPv4 address (<c>10.0.0.4</c>), an IPv6 address (<c>fd00::4</c>, <c>[fd00::4]</c>), each
    /// optionally with a port (<c>10.0.0.4:8080</c>, <c>[fd00::4]:8080</c>). Host names are refused: HAProxy does not resolve the
    /// address of a server added at runtime.
    /// </summary>
    public static bool TryParseAddress(string? value, int defaultPort, out ServerAddress address, out string error)
    {
        address = default;
        if (string.IsNullOrEmpty(value))
        {
            error = "is empty.";
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!(char.IsAsciiHexDigit(c) || c is '.' or ':' or '[' or ']'))
            {
                error = char.IsAsciiLetter(c)
                    ? $"'{Describe(value)}' is not an IP address; HAProxy does not resolve host names of servers added at runtime, so pass the instance's IP address."
                    : string.Create(CultureInfo.InvariantCulture, $"'{Describe(value)}' holds {DescribeChar(c)} at position {i}; an address is an IPv4 or IPv6 address with an optional port.");
                return false;
            }
        }

        string host;
        string? port = null;
        if (value[0] == '[')
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close != value.Length - 1 && value[close + 1] != ':'))
            {
                error = $"'{value}' is not a valid bracketed IPv6 address; write [address] or [address]:port.";
                return false;
            }

            host = value[1..close];
            port = close == value.Length - 1 ? null : value[(close + 2)..];
            if (!host.Contains(':', StringComparison.Ordinal))
            {
                error = $"'{value}': only IPv6 addresses go in brackets.";
                return false;
            }
        }
        else if (value.Count(c => c == ':') == 1)
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            host = value[..colon];
            port = value[(colon + 1)..];
        }
        else
        {
            host = value;
        }

        IPAddress ip;
        if (host.Contains(':', StringComparison.Ordinal))
        {
            if (!IPAddress.TryParse(host, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"'{host}' is not a valid IPv6 address.";
                return false;
            }

            ip = parsed;
        }
        else if (!TryParseStrictIPv4(host, out ip))
        {
            error = $"'{host}' is not a valid IPv4 address (four decimal numbers 0 to 255 without leading zeros, separated by dots).";
            return false;
        }

        if (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
        {
            error = $"'{host}' is the unspecified address; pass the instance's own address.";
            return false;
        }

        var portNumber = defaultPort;
        if (port is not null)
        {
            if (port.Length is 0 or > 5 || !port.All(char.IsAsciiDigit) || (port.Length > 1 && port[0] == '0')
                || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out portNumber) || portNumber is < 1 or > 65535)
            {
                error = $"'{port}' is not a valid port; allowed 1 to 65535.";
                return false;
            }
        }

        address = new ServerAddress(ip, portNumber);
        error = string.Empty;
        return true;
    }

    /// <summary>Parses an instance address or throws an <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static ServerAddress RequireAddress(string? value, int defaultPort, string what, string paramName)
    {
        if (!TryParseAddress(value, defaultPort, out var address, out var error))
        {
            throw new ArgumentException($"HAProxy {what}: {error} Nothing was sent to HAProxy.", paramName);
        }

        return address;
    }

    /// <summary>Shows a value with control and non-ASCII characters escaped, so an error message cannot itself break a log line.</summary>
    public static string Describe(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static string DescribeChar(char c) => c switch
    {
        '\n' => "a newline",
        '\r' => "a carriage return",
        ' ' => "a space",
        ';' => "';' (the Runtime API's command separator)",
        '\\' => "a backslash (the Runtime API's escape character)",
        < ' ' or '\u007F' => string.Create(CultureInfo.InvariantCulture, $"the control character U+{(int)c:X4}"),
        > '~' => string.Create(CultureInfo.InvariantCulture, $"the non-ASCII character U+{(int)c:X4}"),
        _ => $"'{c}'",
    };

    private static bool TryParseStrictIPv4(string host, out IPAddress ip)
    {
        ip = IPAddress.None;
        var parts = host.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < 4; i++)
        {
            var p = parts[i];
            if (p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit) || (p.Length > 1 && p[0] == '0'))
            {
                return false;
            }

            var n = int.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture);
            if (n > 255)
            {
                return false;
            }

            bytes[i] = (byte)n;
        }

        ip = new IPAddress(bytes);
        return true;
    }
}
