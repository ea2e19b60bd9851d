using System.Text;
using System.Text.Json;

namespace ScaleSets.History;

/// <summary>
/// The run history's HTTP endpoint without a web framework: <c>GET {path}/api/history?set=&amp;since=&amp;until=&amp;kind=&amp;cause=&amp;limit=</c>
/// read from the query string, answered with JSON. A malformed parameter is a 400 naming it; a scale set that neither runs
/// nor has history, a 404; a database that cannot be read, a 503 saying which and why. The ASP.NET Core package maps a
/// route onto <see cref="GetAsync"/> and writes the result as it is.
/// </summary>
internal static class RunHistoryHttp
{
    /// <summary>Answers one request.</summary>
    /// <param name="history">The run history.</param>
    /// <param name="runningScaleSets">The names of the running scale sets, for telling an unknown set from a quiet one.</param>
    /// <param name="parameter">Reads a query-string parameter, or <see langword="null"/> when absent.</param>
    /// <param name="now">The host's time, for durations such as <c>since=PT1H</c>.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>The status code and JSON body.</returns>
    public static async Task<RunHistoryHttpResult> GetAsync(
        IRunHistory history,
        IReadOnlyCollection<string> runningScaleSets,
        Func<string, string?> parameter,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(runningScaleSets);
        ArgumentNullException.ThrowIfNull(parameter);
        if (!RunHistoryQuery.TryParse(parameter("set"), parameter("since"), parameter("until"), parameter("kind"), parameter("cause"), parameter("limit"), now, out var query, out var error))
        {
            return Error(400, error);
        }

        IReadOnlyList<RunHistoryEntry> entries;
        try
        {
            entries = await history.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (RunHistoryUnavailableException ex)
        {
            return Error(503, ex.Message);
        }

        if (query.ScaleSet is { } set && entries.Count == 0 && !runningScaleSets.Contains(set, StringComparer.Ordinal))
        {
            return Error(404, $"set: no scale set named '{set}' runs here or has history in {history.Description}; running: {(runningScaleSets.Count == 0 ? "none" : string.Join(", ", runningScaleSets))}.");
        }

        return new RunHistoryHttpResult(200, Json(entries, history.Status));
    }

    /// <summary>The JSON of one entry, as the endpoint writes it and the CLI reads it.</summary>
    internal static void Write(Utf8JsonWriter json, RunHistoryEntry entry)
    {
        json.WriteStartObject();
        json.WriteString("time", entry.Time.ToUniversalTime());
        json.WriteString("scaleSet", entry.ScaleSet);
        json.WriteString("kind", entry.Kind switch { RunHistoryEntryKind.Decision => "decision", RunHistoryEntryKind.Evaluation => "evaluation", _ => "event" });
        json.WriteString("type", entry.Type);
        WriteNullable(json, "id", entry.Id);
        WriteNullable(json, "causeId", entry.CauseId);
        WriteNullable(json, "instanceId", entry.InstanceId);
        if (entry.From is { } from)
        {
            json.WriteNumber("from", from);
        }

        if (entry.To is { } to)
        {
            json.WriteNumber("to", to);
        }

        json.WriteString("message", entry.Message);
        json.WriteEndObject();
    }

    private static string Json(IReadOnlyList<RunHistoryEntry> entries, RunHistoryStatus status)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("entries");
            foreach (var entry in entries)
            {
                Write(json, entry);
            }

            json.WriteEndArray();
            json.WriteStartObject("status");
            json.WriteNumber("recorded", status.Recorded);
            json.WriteNumber("written", status.Written);
            json.WriteNumber("dropped", status.Dropped);
            json.WriteNumber("failed", status.Failed);
            json.WriteNumber("trimmed", status.Trimmed);
            WriteNullable(json, "lastError", status.LastError);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static RunHistoryHttpResult Error(int statusCode, string message)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("error", message);
            json.WriteEndObject();
        }

        return new RunHistoryHttpResult(statusCode, Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
