using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using ScaleSets.Prometheus.Answers;

namespace ScaleSets.Prometheus.Http;

/// <summary>
/// Sends one instant query to <c>/api/v1/query</c> (a form POST, so a long expression never meets a URL length limit) at
/// a given time, and reads the answer within a size limit. An HTTP error that carries Prometheus' JSON error (400
/// <c>bad_data</c>, 422 <c>execution</c>, 503 <c>timeout</c>) is returned as that answer; anything else is a
/// <see cref="PrometheusHttpException"/> or a <see cref="PrometheusAnswerException"/>.
/// </summary>
internal sealed class PrometheusQueryClient
{
    private readonly HttpClient _client;
    private readonly Uri _endpoint;
    private readonly int _maxResponseBytes;

    public PrometheusQueryClient(HttpClient client, Uri serverUri, int maxResponseBytes)
    {
        _client = client;
        var baseText = serverUri.AbsoluteUri.EndsWith('/') ? serverUri.AbsoluteUri : serverUri.AbsoluteUri + "/";
        _endpoint = new Uri(new Uri(baseText), "api/v1/query");
        _maxResponseBytes = maxResponseBytes;
    }

    public Uri Endpoint => _endpoint;

    public async Task<PrometheusAnswer> QueryAsync(string query, DateTimeOffset time, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(
        [
            new KeyValuePair<string, string>("query", query),
            new KeyValuePair<string, string>("time", FormatTime(time)),
        ]);
        HttpResponseMessage response;
        try
        {
            response = await _client.PostAsync(_endpoint, content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new PrometheusHttpException($"Prometheus at {_endpoint} could not be reached: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout, not our own cancellation.
            throw new PrometheusHttpException($"Prometheus at {_endpoint} did not answer within the HTTP client's timeout ({_client.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s)", ex);
        }

        using (response)
        {
            var (buffer, length) = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            try
            {
                var body = buffer.AsSpan(0, length);
                var json = IsJson(response, body);
                if (response.StatusCode != HttpStatusCode.OK && !json)
                {
                    throw new PrometheusHttpException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"Prometheus at {_endpoint} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {Excerpt(body)}"));
                }

                try
                {
                    return PrometheusAnswerParser.Parse(body);
                }
                catch (PrometheusAnswerException ex)
                {
                    throw new PrometheusAnswerException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"Prometheus at {_endpoint} (HTTP {(int)response.StatusCode}): {ex.Message}"), ex);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    internal static string FormatTime(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    private static bool IsJson(HttpResponseMessage response, ReadOnlySpan<byte> body)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null)
        {
            return mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase);
        }

        var trimmed = body.TrimStart(" \t\r\n"u8);
        return !trimmed.IsEmpty && trimmed[0] == (byte)'{';
    }

    private static string Excerpt(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return "(an empty body)";
        }

        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, 200)]).ReplaceLineEndings(" ").Trim();
        return body.Length > 200 ? text + "…" : text;
    }

    private async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is long declared && declared > _maxResponseBytes)
        {
            throw TooLarge(declared);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (buffer.Length >= _maxResponseBytes)
                        {
                            throw TooLarge(null);
                        }

                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, (long)_maxResponseBytes + 1));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    int read;
                    try
                    {
                        read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    }
                    catch (IOException ex)
                    {
                        throw new PrometheusHttpException(string.Create(CultureInfo.InvariantCulture, $"Prometheus at {_endpoint}: the answer broke off after {length} bytes ({ex.Message})"), ex);
                    }
                    catch (HttpRequestException ex)
                    {
                        throw new PrometheusHttpException(string.Create(CultureInfo.InvariantCulture, $"Prometheus at {_endpoint}: the answer broke off after {length} bytes ({ex.Message})"), ex);
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                    if (length > _maxResponseBytes)
                    {
                        throw TooLarge(null);
                    }
                }
            }

            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private PrometheusHttpException TooLarge(long? declared) => new(string.Create(
        CultureInfo.InvariantCulture,
        $"Prometheus at {_endpoint} sent an answer larger than MaxResponseBytes ({_maxResponseBytes} bytes{(declared is { } d ? $"; it declared {d}" : "")}); narrow the query (aggregate with sum/avg by instance) or raise the limit"));
}
