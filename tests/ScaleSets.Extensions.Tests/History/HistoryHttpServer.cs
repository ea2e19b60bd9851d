using System.Net;
using System.Text;
using ScaleSets.History;

namespace ScaleSets.Extensions.Tests.History;

/// <summary>
/// The run history endpoint on 127.0.0.1 and a free port, as the ASP.NET Core package maps it: each request to
/// <c>/ops/api/history</c> goes through <see cref="RunHistoryHttp.GetAsync"/> and its answer is written as it is.
/// </summary>
internal sealed class HistoryHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly IRunHistory _history;
    private readonly IReadOnlyCollection<string> _running;
    private readonly Func<DateTimeOffset> _now;
    private readonly Task _loop;

    public HistoryHttpServer(IRunHistory history, IReadOnlyCollection<string> running, Func<DateTimeOffset> now)
    {
        _history = history;
        _running = running;
        _now = now;
        for (var attempt = 0; ; attempt++)
        {
            var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            try
            {
                _listener.Prefixes.Clear();
                _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
                _listener.Start();
                Url = $"http://127.0.0.1:{port}/ops";
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
            }
        }

        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; } = "";

    public void Dispose()
    {
        if (!_listener.IsListening)
        {
            return;
        }

        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var result = context.Request.Url!.AbsolutePath == "/ops/api/history"
                ? await RunHistoryHttp.GetAsync(_history, _running, name => context.Request.QueryString[name], _now(), CancellationToken.None)
                : new RunHistoryHttpResult(404, "not here");
            var body = Encoding.UTF8.GetBytes(result.Body);
            context.Response.StatusCode = result.StatusCode;
            context.Response.ContentType = RunHistoryHttpResult.ContentType;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
