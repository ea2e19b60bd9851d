using System.Globalization;
using System.Text;

namespace ScaleSets.Prometheus.Tests.Integration;

/// <summary>
/// The application metrics of one instance, served on 127.0.0.1 in Prometheus' text exposition format: a queue-length
/// gauge set by the test, and a request counter that grows by <see cref="RequestsPerScrape"/> at every scrape.
/// </summary>
internal sealed class ApplicationExporter : IDisposable
{
    private readonly TestHttpServer _server;
    private double _queueLength;
    private long _requests;

    public ApplicationExporter()
    {
        _server = new TestHttpServer((request, _) => Task.FromResult(Answer(request)));
    }

    public string Target => _server.Target;

    public int RequestsPerScrape { get; set; } = 10;

    public double QueueLength
    {
        get => Volatile.Read(ref _queueLength);
        set => Volatile.Write(ref _queueLength, value);
    }

    public void Dispose() => _server.Dispose();

    private (int, string, byte[]) Answer(System.Net.HttpListenerRequest request)
    {
        if (request.Url?.AbsolutePath != "/metrics")
        {
            return (404, "text/plain", "not found\n"u8.ToArray());
        }

        var requests = Interlocked.Add(ref _requests, RequestsPerScrape);
        var text = string.Create(CultureInfo.InvariantCulture, $"""
            # HELP app_queue_length Items waiting in the application's queue.
            # TYPE app_queue_length gauge
            app_queue_length {QueueLength}
            # HELP app_requests_total Requests served.
            # TYPE app_requests_total counter
            app_requests_total {requests}

            """);
        return (200, "text/plain; version=0.0.4; charset=utf-8", Encoding.UTF8.GetBytes(text));
    }
}
