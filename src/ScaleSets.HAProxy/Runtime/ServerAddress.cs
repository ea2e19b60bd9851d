using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ScaleSets.HAProxy.Runtime;

/// <summary>A validated server address: an IP literal and a port.</summary>
/// <param name="Ip">The IP address.</param>
/// <param name="Port">The port, 1 to 65535.</param>
internal readonly record struct ServerAddress(IPAddress Ip, int Port)
{
    /// <summary>Gets the address as HAProxy takes it: <c>10.0.0.4:80</c> or <c>[fd00::4]:80</c>.</summary>
    public string ToCommandText() => Ip.AddressFamily == AddressFamily.InterNetworkV6
        ? string.Create(CultureInfo.InvariantCulture, $"[{Ip}]:{Port}")
        : string.Create(CultureInfo.InvariantCulture, $"{Ip}:{Port}");

    /// <inheritdoc />
    public override string ToString() => ToCommandText();
}
