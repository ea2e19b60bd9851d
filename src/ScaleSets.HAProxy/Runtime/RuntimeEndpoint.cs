using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ScaleSets.HAProxy.Runtime;

/// <summary>Where the Runtime API listens: a unix socket path or a TCP address.</summary>
internal sealed class RuntimeEndpoint
{
    private RuntimeEndpoint(EndPoint endPoint, string display)
    {
        EndPoint = endPoint;
        Display = display;
    }

    /// <summary>Gets the socket end point.</summary>
    public EndPoint EndPoint { get; }

    /// <summary>Gets the address as configured, for messages.</summary>
    public string Display { get; }

    /// <summary>The longest unix socket path HAProxy binds: <c>sun_path</c> holds 108 bytes and HAProxy needs room for a temporary suffix.</summary>
    public const int MaxUnixSocketPathLength = 97;

    /// <summary>Gets the address family to open a socket with.</summary>
    public AddressFamily AddressFamily => EndPoint.AddressFamily;

    /// <summary>Parses a runtime API address: a unix socket path, or <c>host:port</c> (the options' <c>SocketAddress</c>).</summary>
    public static bool TryParse(string value, bool allowNonLoopback, out RuntimeEndpoint? endpoint, out string error)
    {
        endpoint = null;
        if (value.StartsWith('/'))
        {
            if (value.Length > MaxUnixSocketPathLength)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"the unix socket path is {value.Length} characters long; HAProxy binds at most {MaxUnixSocketPathLength}, so use a shorter path.");
                return false;
            }

            if (value.Any(c => c < ' ' || c == '\u007F'))
            {
                error = $"the unix socket path '{RuntimeInput.Describe(value)}' holds control characters.";
                return false;
            }

            endpoint = new RuntimeEndpoint(new UnixDomainSocketEndPoint(value), value);
            error = string.Empty;
            return true;
        }

        if (!RuntimeInput.TryParseAddress(value, 0, out var address, out var addressError) || address.Port == 0)
        {
            error = address.Port == 0 && addressError.Length == 0
                ? $"'{RuntimeInput.Describe(value)}' names no port; write an absolute unix socket path or IP:port."
                : $"'{RuntimeInput.Describe(value)}' is neither an absolute unix socket path nor IP:port: {addressError}";
            return false;
        }

        if (!allowNonLoopback && !IPAddress.IsLoopback(address.Ip))
        {
            error = $"{address} is not a loopback address; the admin socket controls the whole load balancer, so keep it on loopback or a unix socket (set AllowNonLoopbackSocket to override).";
            return false;
        }

        endpoint = new RuntimeEndpoint(new IPEndPoint(address.Ip, address.Port), address.ToCommandText());
        error = string.Empty;
        return true;
    }
}
