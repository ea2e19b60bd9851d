using System.Globalization;

namespace ScaleSets.Control;

/// <summary>
/// Where a health probe reaches an instance: the host and port of its address as the compute provider reports it
/// (<c>10.0.0.5</c>, <c>10.0.0.5:8080</c>, <c>web-1.internal:8080</c>, <c>[fd00::5]:8080</c>, <c>fd00::5</c>), the probe's
/// own port when the address carries none.
/// </summary>
internal static class InstanceEndpoint
{
    /// <summary>Splits <paramref name="address"/> into host and port, or says what is wrong with its port.</summary>
    /// <param name="address">The instance's address.</param>
    /// <param name="fallbackPort">The port when the address has none.</param>
    /// <param name="host">The host (an IPv6 address without its brackets).</param>
    /// <param name="port">The port.</param>
    /// <param name="problem">What is wrong, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the address could be split.</returns>
    public static bool TryResolve(string address, int fallbackPort, out string host, out int port, out string? problem)
    {
        (host, port, problem) = (address, fallbackPort, null);
        string? portText = null;
        if (address.StartsWith('['))
        {
            var close = address.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < address.Length && address[close + 1] != ':'))
            {
                problem = $"address '{address}' is neither [IPv6] nor [IPv6]:port";
                return false;
            }

            host = address[1..close];
            portText = close + 1 < address.Length ? address[(close + 2)..] : null;
        }
        else
        {
            var colon = address.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0 && colon == address.LastIndexOf(':'))
            {
                // One colon: host:port. More than one: an IPv6 address without brackets, so without a port.
                host = address[..colon];
                portText = address[(colon + 1)..];
            }
        }

        if (portText is not null)
        {
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            {
                problem = $"address '{address}' has no valid port after its ':' (1 to 65535)";
                return false;
            }
        }

        if (host.Length == 0)
        {
            problem = $"address '{address}' has no host";
            return false;
        }

        return true;
    }
}
