using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ScaleSets.Cli.Commands;

/// <summary>
/// <c>scalesets history --url URL [--set NAME] [--since T] [--until T] [--kind K] [--cause ID] [--limit N] [--json]</c>:
/// reads a running host's run history (<c>GET {url}/api/history</c>) and prints one line per entry, oldest first, or
/// the host's JSON with <c>--json</c>. The host checks the parameters; its message comes back as the error.
/// </summary>
internal static class HistoryCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The host's ScaleSets endpoints, such as http://127.0.0.1:5000/scalesets (where app.MapScaleSets() maps them).", Required = true };
        var set = new Option<string?>("--set") { Description = "Only this scale set." };
        var since = new Option<string?>("--since") { Description = "From this time: ISO 8601 (2026-03-02T08:00:00Z) or a duration back from now (PT1H)." };
        var until = new Option<string?>("--until") { Description = "Up to this time (exclusive), in the same forms." };
        var kind = new Option<string?>("--kind") { Description = "decision, event, evaluation (the dashboard's chart numbers), a decision reason (RuleScaleOut) or a controller event kind (InstanceCreated)." };
        var cause = new Option<string?>("--cause") { Description = "A decision id such as web#10: the decision and everything it caused." };
        var limit = new Option<string?>("--limit") { Description = "The newest N entries at most (default 1000, at most 10000)." };
        var json = new Option<bool>("--json") { Description = "Print the host's JSON as it is, for scripts." };
        var command = new Command("history", "Print a running host's run history: decisions with their explanations and the controller events they caused.")
        {
            url, set, since, until, kind, cause, limit, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var query = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["set"] = parse.GetValue(set),
                ["since"] = parse.GetValue(since),
                ["until"] = parse.GetValue(until),
                ["kind"] = parse.GetValue(kind),
                ["cause"] = parse.GetValue(cause),
                ["limit"] = parse.GetValue(limit),
            };
            using var client = new HttpClient { Timeout = Timeout };
            return await RunAsync(client, parse.GetValue(url)!, query, parse.GetValue(json), Console.Out, Console.Error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    internal static async Task<int> RunAsync(HttpClient client, string url, IReadOnlyDictionary<string, string?> query, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var request = RequestUri(url, query);
            string body;
            int status;
            try
            {
                using var response = await client.GetAsync(request, cancellationToken).ConfigureAwait(false);
                status = (int)response.StatusCode;
                body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                var why = ex.InnerException is SocketException socket ? socket.Message : ex.Message;
                throw new CliError($"history: cannot reach {request}: {why}; is the host running, with app.MapScaleSets() under this URL?");
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CliError($"history: {request} did not answer within {Timeout.TotalSeconds} s");
            }

            using var document = Parse(body, request, status);
            if (status != 200)
            {
                var message = document.RootElement.TryGetProperty("error", out var e) ? e.GetString() : body;
                throw new CliError($"history: {message} (HTTP {status} from {request})");
            }

            if (json)
            {
                output.WriteLine(body);
                return 0;
            }

            Print(document.RootElement, output, error);
            return 0;
        }
        catch (CliError ex)
        {
            return CliError.Report(error, ex.Message);
        }
    }

    internal static Uri RequestUri(string url, IReadOnlyDictionary<string, string?> query)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var root) || (root.Scheme != Uri.UriSchemeHttp && root.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliError($"--url: '{url}' is not an http:// or https:// URL, such as http://127.0.0.1:5000/scalesets");
        }

        var text = new StringBuilder(root.GetLeftPart(UriPartial.Path).TrimEnd('/')).Append("/api/history");
        var separator = '?';
        foreach (var (name, value) in query)
        {
            if (!string.IsNullOrEmpty(value))
            {
                text.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
                separator = '&';
            }
        }

        return new Uri(text.ToString());
    }

    private static JsonDocument Parse(string body, Uri request, int status)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            var start = body.Length > 200 ? body[..200] + "…" : body;
            throw new CliError($"history: {request} answered HTTP {status} with something that is not the history's JSON: {start}");
        }
    }

    private static void Print(JsonElement root, TextWriter output, TextWriter error)
    {
        if (!root.TryGetProperty("entries", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            throw new CliError("history: the answer has no 'entries' list; is --url the ScaleSets endpoints' path?");
        }

        if (entries.GetArrayLength() == 0)
        {
            output.WriteLine("no entries");
        }

        foreach (var entry in entries.EnumerateArray())
        {
            var time = entry.GetProperty("time").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var set = entry.GetProperty("scaleSet").GetString();
            var message = entry.GetProperty("message").GetString();
            if (entry.GetProperty("kind").GetString() == "decision")
            {
                output.WriteLine($"{time}  {set}  {"decision",-22} {Text(entry, "id"),-14} {message}");
            }
            else
            {
                var cause = Text(entry, "causeId") is { } c ? "cause " + c : "";
                var instance = Text(entry, "instanceId") is { } i ? i + ": " : "";
                output.WriteLine($"{time}  {set}  {entry.GetProperty("type").GetString(),-22} {cause,-14} {instance}{message}");
            }
        }

        if (root.TryGetProperty("status", out var status))
        {
            var dropped = status.GetProperty("dropped").GetInt64();
            var failed = status.GetProperty("failed").GetInt64();
            if (dropped > 0 || failed > 0)
            {
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scalesets: warning: the host's history lost entries since it started: {dropped} dropped (the database fell behind), {failed} failed to write; last error: {Text(status, "lastError") ?? "none"}"));
            }
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
