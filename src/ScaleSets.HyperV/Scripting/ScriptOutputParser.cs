using System.Globalization;
using System.Text.Json;
using ScaleSets.HyperV.Runner;

namespace ScaleSets.HyperV.Scripting;

/// <summary>Reads the JSON a script writes: an array of item results on exit code 0, <c>{"error":{…}}</c> otherwise.</summary>
internal static class ScriptOutputParser
{
    public static ScriptCallResult Parse(string scriptName, PowerShellResult result)
    {
        var line = LastJsonLine(result.StandardOutput);
        if (result.ExitCode != 0)
        {
            if (line is not null && TryParseDocument(line, out var doc))
            {
                using (doc)
                {
                    if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var error) && ReadError(error) is { } scriptError)
                    {
                        return new ScriptCallResult(null, new ScriptFailure(scriptError, false, result.ExitCode));
                    }
                }
            }

            return new ScriptCallResult(null, new ScriptFailure(
                new ScriptError(string.Create(CultureInfo.InvariantCulture, $"{scriptName} exited with code {result.ExitCode}: {Excerpt(result.StandardError, result.StandardOutput)}"), "ScriptFailed", "NotSpecified"),
                false,
                result.ExitCode));
        }

        if (line is null || !TryParseDocument(line, out var items))
        {
            return Unreadable(scriptName, result, "no JSON result");
        }

        using (items)
        {
            if (items.RootElement.ValueKind != JsonValueKind.Array)
            {
                return Unreadable(scriptName, result, "the result is not a JSON array");
            }

            var list = new List<ScriptItem>(items.RootElement.GetArrayLength());
            foreach (var element in items.RootElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.Object || !TryReadItem(element, out var item))
                {
                    return Unreadable(scriptName, result, "an item has no key");
                }

                list.Add(item);
            }

            return new ScriptCallResult(list, null);
        }
    }

    internal static HyperVVmRecord? ReadVm(JsonElement vm)
    {
        if (vm.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var id = String(vm, "id");
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        var created = DateTimeOffset.TryParse(String(vm, "creationTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var c)
            ? c
            : DateTimeOffset.UnixEpoch;
        return new HyperVVmRecord(id, String(vm, "name"), String(vm, "state"), String(vm, "heartbeat"), String(vm, "notes"), created, Strings(vm, "ipAddresses"), Strings(vm, "disks"));
    }

    private static bool TryReadItem(JsonElement element, out ScriptItem item)
    {
        var key = String(element, "key");
        item = null!;
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        var ok = element.TryGetProperty("ok", out var okElement) && okElement.ValueKind == JsonValueKind.True;
        var gone = element.TryGetProperty("gone", out var goneElement) && goneElement.ValueKind == JsonValueKind.True;
        var vm = element.TryGetProperty("vm", out var vmElement) ? ReadVm(vmElement) : null;
        var error = element.TryGetProperty("error", out var errorElement) ? ReadError(errorElement) : null;
        var cleanup = element.TryGetProperty("cleanupError", out var cleanupElement) ? ReadError(cleanupElement) : null;
        if (!ok && error is null)
        {
            error = new ScriptError("The script reported a failure without an error.", "ScriptFailed", "NotSpecified");
        }

        var metrics = element.TryGetProperty("metrics", out var metricsElement) ? ReadMetrics(metricsElement) : null;
        item = new ScriptItem(key, ok, gone, vm, error, cleanup, metrics);
        return true;
    }

    private static HyperVVmMetrics? ReadMetrics(JsonElement metrics) =>
        metrics.ValueKind == JsonValueKind.Object
            ? new HyperVVmMetrics(
                String(metrics, "name"),
                Number(metrics, "cpuUsage"),
                Number(metrics, "guestRunTime"),
                Number(metrics, "memoryAssigned"),
                Number(metrics, "memoryDemand"),
                Number(metrics, "bytesReceivedPerSec"),
                Number(metrics, "bytesSentPerSec"))
            : null;

    /// <summary>A number, or <see langword="null"/> when it is missing, null or not a number (PowerShell writes NaN as the string "NaN").</summary>
    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number)
            ? number
            : null;

    private static ScriptError? ReadError(JsonElement error) =>
        error.ValueKind == JsonValueKind.Object
            ? new ScriptError(String(error, "message"), String(error, "id"), String(error, "category"))
            : null;

    private static string String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;

    private static string[] Strings(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return [];
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return [value.GetString() ?? string.Empty];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var list = new List<string>();
        foreach (var entry in value.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.String && entry.GetString() is { Length: > 0 } s)
            {
                list.Add(s);
            }
        }

        return [.. list];
    }

    private static string? LastJsonLine(string output)
    {
        var lines = output.Split('\n');
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            var line = lines[i].Trim();
            if (line.StartsWith('[') || line.StartsWith('{'))
            {
                return line;
            }
        }

        return null;
    }

    private static bool TryParseDocument(string json, out JsonDocument document)
    {
        try
        {
            document = JsonDocument.Parse(json);
            return true;
        }
        catch (JsonException)
        {
            document = null!;
            return false;
        }
    }

    private static ScriptCallResult Unreadable(string scriptName, PowerShellResult result, string why) =>
        new(null, new ScriptFailure(
            new ScriptError($"{scriptName} wrote output that could not be read ({why}): {Excerpt(result.StandardOutput, result.StandardError)}", "ScriptOutputUnreadable", "InvalidResult"),
            false,
            result.ExitCode));

    private static string Excerpt(string first, string second)
    {
        var text = (string.IsNullOrWhiteSpace(first) ? second : first).Trim();
        if (text.Length == 0)
        {
            return "(no output)";
        }

        return text.Length <= 600 ? text : text[..600] + "…";
    }
}
