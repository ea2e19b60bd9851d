using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ScaleSets.History;

/// <summary>
/// An evaluation's numbers for the dashboard's chart, as the run history keeps them: an entry of kind
/// <see cref="RunHistoryEntryKind.Evaluation"/> whose message is <c>{"instances":5,"inService":4,"rules":[{"name":"cpu-high","observed":41.7}]}</c>
/// (from and to both the capacity). Made into an entry by the background writer, off the evaluation path.
/// </summary>
internal sealed record RunHistoryEvaluation(
    string ScaleSet,
    DateTimeOffset Time,
    int Capacity,
    int? Instances,
    int? InService,
    IReadOnlyList<string> Rules,
    IReadOnlyList<double?> Observed)
{
    /// <summary>The entry's <see cref="RunHistoryEntry.Type"/>.</summary>
    public const string EntryType = "Evaluation";

    public RunHistoryEntry ToEntry()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            Write(json, "instances", Instances);
            Write(json, "inService", InService);
            json.WriteStartArray("rules");
            for (var i = 0; i < Rules.Count; i++)
            {
                json.WriteStartObject();
                json.WriteString("name", Rules[i]);
                if (i < Observed.Count && Observed[i] is { } value && double.IsFinite(value))
                {
                    json.WriteNumber("observed", Math.Round(value, 4));
                }
                else
                {
                    json.WriteNull("observed");
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return new RunHistoryEntry(Time, ScaleSet, RunHistoryEntryKind.Evaluation, EntryType, null, null, null, Capacity, Capacity, Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>Reads an evaluation entry back; <see langword="false"/> for any other entry or a message that is not its JSON.</summary>
    public static bool TryRead(RunHistoryEntry entry, out RunHistoryEvaluation? evaluation)
    {
        ArgumentNullException.ThrowIfNull(entry);
        evaluation = null;
        if (entry.Kind != RunHistoryEntryKind.Evaluation || entry.To is not { } capacity)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(entry.Message);
            var root = document.RootElement;
            var names = new List<string>();
            var observed = new List<double?>();
            if (root.TryGetProperty("rules", out var rules) && rules.ValueKind == JsonValueKind.Array)
            {
                foreach (var rule in rules.EnumerateArray())
                {
                    names.Add(rule.GetProperty("name").GetString() ?? "");
                    observed.Add(rule.TryGetProperty("observed", out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null);
                }
            }

            evaluation = new RunHistoryEvaluation(entry.ScaleSet, entry.Time, capacity, Read(root, "instances"), Read(root, "inService"), names, observed);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return false;
        }
    }

    private static int? Read(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    private static void Write(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{ScaleSet} {Time:O} capacity {Capacity}");
}
