using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ScaleSets.Tests.Notifications;

/// <summary>
/// A real HTTP server on 127.0.0.1 (HttpListener) that records every request and answers each with the next scripted
/// status, or never answers (<see cref="Hang"/>) until disposed.
/// </summary>
internal sealed class WebhookListener : IAsyncDisposable
{
    /// <summary>A scripted answer that holds the request open until the listener is disposed.</summary>
    public const int Hang = -1;

    private readonly HttpListener _listener = new();
    private readonly Queue<int> _script;
    private readonly Channel<ReceivedRequest> _received = Channel.CreateUnbounded<ReceivedRequest>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _count;

    public WebhookListener(params int[] script)
    {
        _script = new Queue<int>(script);
        var port = FreePort();
        Uri = new Uri($"http://127.0.0.1:{port}/hook/");
        _listener.Prefixes.Add(Uri.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Uri { get; }

    /// <summary>Gets how many requests arrived so far.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Returns the next request, failing the test if none arrives within a generous real-time guard.</summary>
    public async Task<ReceivedRequest> NextAsync()
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            return await _received.Reader.ReadAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"no webhook request arrived at {Uri} (received {Count} so far)");
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        var open = new List<Task>();
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                break;
            }

            using var reader = new StreamReader(context.Request.InputStream, context.Request.ContentEncoding);
            var body = await reader.ReadToEndAsync();
            var request = new ReceivedRequest(context.Request.HttpMethod, context.Request.Url!, context.Request.ContentType, body);
            int status;
            lock (_script)
            {
                status = _script.Count > 0 ? _script.Dequeue() : 200;
            }

            Interlocked.Increment(ref _count);
            _received.Writer.TryWrite(request);
            if (status == Hang)
            {
                // Held open: the client sees no answer until it gives up or the listener stops.
                open.Add(Task.Delay(Timeout.Infinite, _stop.Token).ContinueWith(_ => context.Response.Abort(), TaskScheduler.Default));
                continue;
            }

            context.Response.StatusCode = status;
            context.Response.Close();
        }

        await Task.WhenAll(open);
    }
}
