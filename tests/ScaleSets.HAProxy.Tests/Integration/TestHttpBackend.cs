using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ScaleSets.HAProxy.Tests.Integration;

/// <summary>
/// A minimal HTTP server on 127.0.0.1 and a free port: <c>/health</c> answers 200 or 503 (<see cref="Healthy"/>), <c>/slow</c>
/// waits until <see cref="ReleaseSlow"/>, anything else answers its name and is counted.
/// </summary>
internal sealed class TestHttpBackend : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private TaskCompletionSource _slowGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requests;
    private int _slowInFlight;
    private volatile bool _healthy = true;

    public TestHttpBackend(string name)
    {
        Name = name;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public string Name { get; }

    public int Port { get; }

    public string Address => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    public bool Healthy
    {
        get => _healthy;
        set => _healthy = value;
    }

    public int Requests => Volatile.Read(ref _requests);

    public int SlowInFlight => Volatile.Read(ref _slowInFlight);

    public void ResetCount() => Interlocked.Exchange(ref _requests, 0);

    public void ReleaseSlow()
    {
        var gate = _slowGate;
        _slowGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        ReleaseSlow();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = HandleAsync(client);
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = new StringBuilder();
                var buffer = new byte[4096];
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                var path = request.ToString().Split(' ', 3) is [_, var p, _] ? p : "/";
                int status;
                if (path.StartsWith("/health", StringComparison.Ordinal))
                {
                    status = Healthy ? 200 : 503;
                }
                else if (path.StartsWith("/slow", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _slowInFlight);
                    await _slowGate.Task.WaitAsync(_stop.Token);
                    Interlocked.Decrement(ref _slowInFlight);
                    status = 200;
                }
                else
                {
                    Interlocked.Increment(ref _requests);
                    status = 200;
                }

                var body = Encoding.ASCII.GetBytes(Name);
                var head = string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Service Unavailable")}\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                await stream.WriteAsync(body, _stop.Token);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The peer went away or the backend stopped.
            }
        }
    }
}
