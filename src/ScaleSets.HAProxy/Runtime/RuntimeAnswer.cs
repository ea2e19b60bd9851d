using ScaleSets.Abstractions;

namespace ScaleSets.HAProxy.Runtime;

/// <summary>
/// Checks Runtime API answers. HAProxy 2.6 gives errors no common prefix and answers most successful changes with nothing, so an
/// answer is accepted only when its non-empty lines are exactly the expected ones.
/// </summary>
internal static class RuntimeAnswer
{
    public const string ServerRegistered = "New server registered.";
    public const string ServerDeleted = "Server deleted.";

    /// <summary>The non-empty lines of an answer.</summary>
    public static string[] Lines(string answer) =>
        answer.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public static bool Contains(string answer, string text) => answer.Contains(text, StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws unless the answer's non-empty lines are exactly <paramref name="expected"/>.</summary>
    /// <exception cref="ProviderOperationException">HAProxy refused the command; the message says what it answered and, for known refusals, what to do.</exception>
    public static void Expect(string answer, string line, params string[] expected)
    {
        var lines = Lines(answer);
        if (lines.SequenceEqual(expected, StringComparer.Ordinal))
        {
            return;
        }

        throw Refused(answer, line);
    }

    /// <summary>An exception for an answer that is not the expected one.</summary>
    public static ProviderOperationException Refused(string answer, string line)
    {
        var text = string.Join(" | ", Lines(answer));
        var hint = HintFor(answer);
        return new ProviderOperationException(
            $"HAProxy refused '{line}': {(text.Length == 0 ? "(no answer)" : RuntimeInput.Describe(text))}{(hint is null ? string.Empty : " " + hint)}",
            OperationFailureKind.Permanent);
    }

    private static string? HintFor(string answer)
    {
        if (Contains(answer, "dynamic"))
        {
            return "The backend must use a dynamic load-balancing algorithm for servers added at runtime: balance roundrobin, leastconn, first, or hash-type consistent.";
        }

        if (Contains(answer, "No such backend"))
        {
            return "The backend must exist in HAProxy's configuration.";
        }

        if (Contains(answer, "Permission denied") || Contains(answer, "Unknown command"))
        {
            return "The stats socket must be declared with 'level admin' (and HAProxy must be 2.4 or later for add/del server).";
        }

        return null;
    }
}
