using ScaleSets.History;

namespace ScaleSets.Extensions.Tests.History;

/// <summary>Run history entries for tests: a decision and the controller events it caused.</summary>
internal static class HistoryEntries
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public static RunHistoryEntry Decision(string set, long sequence, DateTimeOffset time, int from = 2, int to = 4) =>
        new(time, set, RunHistoryEntryKind.Decision, "RuleScaleOut", $"{set}#{sequence}", null, null, from, to, $"scale out {from} -> {to}: rule 'cpu-high' Percentage CPU = 81 > 70 proposes {to}");

    public static RunHistoryEntry Event(string set, string kind, string? cause, DateTimeOffset time, string? instance = "i-1") =>
        new(time, set, RunHistoryEntryKind.ControllerEvent, kind, null, cause, instance, null, null, instance is null ? kind : $"{kind} {instance}");

    /// <summary>A decision at <paramref name="time"/> and the two creates it caused a few seconds later.</summary>
    public static IReadOnlyList<RunHistoryEntry> DecisionAndEffects(string set, long sequence, DateTimeOffset time) =>
    [
        Decision(set, sequence, time),
        Event(set, "CapacityChanged", $"{set}#{sequence}", time.AddSeconds(1), null),
        Event(set, "InstanceCreated", $"{set}#{sequence}", time.AddSeconds(5), $"{set}-{sequence}-a"),
        Event(set, "InstanceCreated", $"{set}#{sequence}", time.AddSeconds(6), $"{set}-{sequence}-b"),
    ];
}
