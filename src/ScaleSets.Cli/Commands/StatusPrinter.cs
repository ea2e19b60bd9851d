using System.Globalization;
using System.Text.Json;

namespace ScaleSets.Cli.Commands;

/// <summary>Prints one scale set's status JSON the way <c>kubectl describe hpa</c> lays its output out.</summary>
internal static class StatusPrinter
{
    public static void Print(JsonElement set, TextWriter o)
    {
        var a = set.GetProperty("autoscaler");
        var c = set.TryGetProperty("controller", out var controller) && controller.ValueKind == JsonValueKind.Object ? controller : (JsonElement?)null;
        Line(o, "Name", S(set, "name"));
        Line(o, "Setting", $"{S(a, "setting")}{(a.GetProperty("enabled").GetBoolean() ? "" : " (disabled)")}");
        var next = a.TryGetProperty("nextProfile", out var np) && np.ValueKind == JsonValueKind.String ? $"; next: {np.GetString()} at {Time(a, "nextProfileStart")}" : "";
        Line(o, "Profile", $"{S(a, "profile")} (min {I(a, "minimum")}, max {I(a, "maximum")}, default {I(a, "default")}){next}");
        Line(o, "Capacity", $"current {I(set, "currentCapacity")}, desired {I(set, "desiredCapacity")}");
        Line(o, "Last evaluation", Time(a, "lastEvaluation"));
        if (c is { } ctl)
        {
            var n = ctl.GetProperty("counts");
            Line(o, "Instances", $"{I(n, "inService")} in service, {I(n, "warmingUp")} warming up, {I(n, "creating")} creating, {I(n, "draining")} draining, {I(n, "unhealthy")} unhealthy, {I(n, "protected")} protected");
            foreach (var zone in ctl.GetProperty("zones").EnumerateArray())
            {
                var z = zone.GetProperty("instances");
                Line(o, $"  zone {S(zone, "zone")}", $"{I(z, "inService")} in service, {I(z, "warmingUp")} warming up, {I(z, "creating")} creating, {I(z, "draining")} draining, {I(z, "unhealthy")} unhealthy");
            }
        }

        o.WriteLine("Rules (observed vs threshold over window):");
        var rules = a.GetProperty("rules").EnumerateArray().ToList();
        if (rules.Count == 0)
        {
            o.WriteLine("  none evaluated yet");
        }

        foreach (var r in rules)
        {
            var observed = r.GetProperty("observed").ValueKind == JsonValueKind.Number ? r.GetProperty("observed").GetDouble().ToString("0.###", CultureInfo.InvariantCulture) : "<no data>";
            var op = S(r, "kind") == "TargetTracking" ? "target" : Symbol(S(r, "operator"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {S(r, "name"),-16} {S(r, "metric")} = {observed} {op} {r.GetProperty("threshold").GetDouble():0.###} over {S(r, "window")}, last sample {Time(r, "lastSample")}: {S(r, "outcome")}, proposes {I(r, "proposedCapacity")}"));
        }

        o.WriteLine("Conditions:");
        o.WriteLine($"  {"Type",-15} {"Status",-7} {"Reason",-20} Message");
        foreach (var cond in a.GetProperty("conditions").EnumerateArray())
        {
            o.WriteLine($"  {S(cond, "type"),-15} {(cond.GetProperty("status").GetBoolean() ? "True" : "False"),-7} {S(cond, "reason"),-20} {S(cond, "message")}");
        }

        var blocked = S(a, "nextActionBlockedBy");
        Line(o, "Next action blocked by", blocked.Length == 0 ? "nothing" : blocked);
        if (a.TryGetProperty("forecast", out var f) && f.ValueKind == JsonValueKind.Object)
        {
            Line(o, "Forecast", f.ToString());
        }

        o.WriteLine("Recent decisions:");
        var decisions = a.GetProperty("recentDecisions").EnumerateArray().Reverse().Take(10).ToList();
        if (decisions.Count == 0)
        {
            o.WriteLine("  none");
        }

        foreach (var d in decisions)
        {
            o.WriteLine($"  {Time(d, "time")}  {S(d, "id"),-10} {S(d, "explanation")}");
        }

        if (c is { } events)
        {
            o.WriteLine("Events:");
            foreach (var e in events.GetProperty("recentEvents").EnumerateArray().Reverse().Take(10))
            {
                var cause = e.TryGetProperty("causeId", out var cid) && cid.ValueKind == JsonValueKind.String ? $" (cause {cid.GetString()})" : "";
                o.WriteLine($"  {Time(e, "time")}  {S(e, "kind"),-22} {S(e, "message")}{cause}");
            }
        }
    }

    private static void Line(TextWriter o, string label, string value) => o.WriteLine($"{label + ":",-24}{value}");

    private static string S(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static int I(JsonElement e, string name) => e.GetProperty(name).GetInt32();

    private static string Time(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)
            : "-";

    private static string Symbol(string op) => op switch
    {
        "Equals" => "==",
        "NotEquals" => "!=",
        "GreaterThan" => ">",
        "GreaterThanOrEqual" => ">=",
        "LessThan" => "<",
        "LessThanOrEqual" => "<=",
        _ => op,
    };
}
