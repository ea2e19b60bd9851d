using System.CommandLine;
using System.Text.Json;

namespace ScaleSets.Cli.Commands;

/// <summary>
/// <c>scalesets status --url URL [--set NAME] [--json]</c>: reads a running host's status (served by
/// <c>app.MapScaleSets(path)</c> from ScaleSets.AspNetCore) and prints, per scale set, what an operator reads first, as
/// <c>kubectl describe hpa</c> does: capacity, profile, rules against thresholds, conditions, what blocks the next action,
/// instances, the recent decisions and events.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The address MapScaleSets serves, for example http://127.0.0.1:5000/scalesets.", Required = true };
        var set = new Option<string?>("--set") { Description = "Only this scale set." };
        var json = new Option<bool>("--json") { Description = "Print the status as the host serves it (JSON), for scripts." };
        var command = new Command("status", "Print the status of a running host's scale sets: capacity, rules against thresholds, conditions, blockers, instances, decisions, events.")
        {
            url,
            set,
            json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(url)!, parse.GetValue(set), parse.GetValue(json), Console.Out, Console.Error, cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(string url, string? set, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url.TrimEnd('/'), UriKind.Absolute, out var root) || (root.Scheme != Uri.UriSchemeHttp && root.Scheme != Uri.UriSchemeHttps))
        {
            return CliError.Report(error, $"--url '{url}' is not an http or https address (for example http://127.0.0.1:5000/scalesets)");
        }

        var address = new Uri(root + (set is null ? "/api/sets" : "/api/sets/" + Uri.EscapeDataString(set)));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        string body;
        try
        {
            using var response = await http.GetAsync(address, cancellationToken).ConfigureAwait(false);
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return CliError.Report(error, $"{address} answered {(int)response.StatusCode} {response.ReasonPhrase}: {ErrorOf(body)}");
            }
        }
        catch (HttpRequestException ex)
        {
            return CliError.Report(error, $"cannot reach {address}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return CliError.Report(error, $"{address} did not answer within 30 s");
        }

        if (json)
        {
            output.WriteLine(body);
            return 0;
        }

        JsonElement document;
        try
        {
            document = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException ex)
        {
            return CliError.Report(error, $"{address} did not answer with the status JSON: {ex.Message}");
        }

        var sets = document.ValueKind == JsonValueKind.Array ? document.EnumerateArray().ToList() : [document];
        if (sets.Count == 0)
        {
            output.WriteLine("no scale set is running");
        }

        for (var i = 0; i < sets.Count; i++)
        {
            if (i > 0)
            {
                output.WriteLine();
            }

            StatusPrinter.Print(sets[i], output);
        }

        return 0;
    }

    private static string ErrorOf(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.TryGetProperty("error", out var e) ? e.GetString() ?? body : body;
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }
}
