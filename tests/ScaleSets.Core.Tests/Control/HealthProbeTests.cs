using System.Net;
using System.Net.Sockets;
using System.Text;
using ScaleSets.Control;

namespace ScaleSets.Tests.Control;

[TestFixture]
public sealed class HealthProbeTests
{
    [Test]
    public async Task TcpProbe_ListeningPort_Healthy()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await new TcpHealthProbe(port, TimeSpan.FromSeconds(5)).ProbeAsync("127.0.0.1", CancellationToken.None);

        Assert.That(result.Healthy, Is.True, result.Detail);
    }

    [Test]
    public async Task TcpProbe_ClosedPort_UnhealthyWithReason()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var result = await new TcpHealthProbe(port, TimeSpan.FromSeconds(5)).ProbeAsync("127.0.0.1", CancellationToken.None);

        Assert.That(result.Healthy, Is.False);
        Assert.That(result.Detail, Does.Contain(port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase("200 OK", true)]
    [TestCase("503 Service Unavailable", false)]
    public async Task HttpProbe_StatusCode_DecidesHealth(string status, bool healthy)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var socket = await listener.AcceptTcpClientAsync();
            var stream = socket.GetStream();
            var buffer = new byte[4096];
            var read = 0;
            while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                read += await stream.ReadAsync(buffer.AsMemory(read));
            }

            var request = Encoding.ASCII.GetString(buffer, 0, read);
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
            return request;
        });
        using var client = new HttpClient();

        var result = await new HttpHealthProbe(client, port, "/healthz", TimeSpan.FromSeconds(5)).ProbeAsync("127.0.0.1", CancellationToken.None);

        Assert.That(result.Healthy, Is.EqualTo(healthy), result.Detail);
        Assert.That(await server, Does.StartWith("GET /healthz HTTP/1.1"));
    }

    [Test]
    public async Task HttpProbe_AddressWithItsOwnPort_ProbesThatPortNotTheFixedOne()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = AnswerOnceAsync(listener, "200 OK");
        using var client = new HttpClient();

        // The fixed port is closed: only the instance's own port answers.
        var result = await new HttpHealthProbe(client, ClosedPort(), "/healthz", TimeSpan.FromSeconds(5)).ProbeAsync($"127.0.0.1:{port}", CancellationToken.None);

        Assert.That(result.Healthy, Is.True, result.Detail);
        Assert.That(result.Detail, Does.Contain($"http://127.0.0.1:{port}/healthz"));
        Assert.That(await server, Does.StartWith("GET /healthz HTTP/1.1"));
    }

    [Test]
    public async Task HttpProbe_BracketedIPv6WithPort_ProbesThatPort()
    {
        using var listener = new TcpListener(IPAddress.IPv6Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = AnswerOnceAsync(listener, "200 OK");
        using var client = new HttpClient();

        var result = await new HttpHealthProbe(client, ClosedPort(), "/healthz", TimeSpan.FromSeconds(5)).ProbeAsync($"[::1]:{port}", CancellationToken.None);

        Assert.That(result.Healthy, Is.True, result.Detail);
        Assert.That(await server, Does.StartWith("GET /healthz HTTP/1.1"));
    }

    [TestCase("127.0.0.1:99999")]
    [TestCase("127.0.0.1:web")]
    [TestCase("127.0.0.1:")]
    public async Task HttpProbe_AddressWithABadPort_UnhealthyNamingIt(string address)
    {
        using var client = new HttpClient();

        var result = await new HttpHealthProbe(client, 80, "/healthz", TimeSpan.FromSeconds(5)).ProbeAsync(address, CancellationToken.None);

        Assert.That(result.Healthy, Is.False);
        Assert.That(result.Detail, Does.Contain(address).And.Contain("port"));
    }

    [Test]
    public async Task TcpProbe_AddressWithItsOwnPort_ConnectsThere()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await new TcpHealthProbe(ClosedPort(), TimeSpan.FromSeconds(5)).ProbeAsync($"127.0.0.1:{port}", CancellationToken.None);

        Assert.That(result.Healthy, Is.True, result.Detail);
        Assert.That(result.Detail, Does.Contain($"127.0.0.1:{port}"));
    }

    [Test]
    public void HttpProbe_PathWithoutSlash_Throws()
    {
        using var client = new HttpClient();

        var ex = Assert.Throws<ArgumentException>(() => _ = new HttpHealthProbe(client, 80, "healthz", TimeSpan.FromSeconds(1)));

        Assert.That(ex!.Message, Does.Contain("healthz"));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task<string> AnswerOnceAsync(TcpListener listener, string status) => Task.Run(async () =>
    {
        using var socket = await listener.AcceptTcpClientAsync();
        var stream = socket.GetStream();
        var buffer = new byte[4096];
        var read = 0;
        while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            read += await stream.ReadAsync(buffer.AsMemory(read));
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        return Encoding.ASCII.GetString(buffer, 0, read);
    });
}
