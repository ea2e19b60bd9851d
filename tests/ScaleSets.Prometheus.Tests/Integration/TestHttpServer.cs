using System.Globalization;
using System.Net;
using System.Text;
using ScaleSets.Testing.Processes;

namespace ScaleSets.Prometheus.Tests.Integration;

/// <summary>
/// A small HTTP server in the test process on 127.0.0.1 and a free port; each request is answered by the handler given.
/// Serves the test's application exporter (Prometheus' text exposition format) and the misbehaving "Prometheus" answers.
/// </summary>
internal sealed class TestHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerRequest, CancellationToken, Task<(int Status, string ContentType, byte[] Body)>> _handler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private int _disposed;

    public TestHttpServer(Func<HttpListenerRequest, CancellationToken, Task<(int Status, string ContentType, byte[] Body)>> handler)
    {
        _handler = handler;
        Port = ChildProcess.FreePort();
        _listener.Prefixes.Add(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/"));
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Target => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    public Uri Uri => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/"));

    public int Requests;

    public static TestHttpServer Answering(int status, string contentType, string body) =>
        new((_, _) => Task.FromResult((status, contentType, Encoding.UTF8.GetBytes(body))));

    /// <summary>Stops the server; a second call does nothing (a test may stop an exporter its fixture stops again).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stopping.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref Requests);
        try
        {
            var (status, contentType, body) = await _handler(context.Request, _stopping.Token);
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
        catch (Exception)
        {
            context.Response.Abort();
        }
    }
}
