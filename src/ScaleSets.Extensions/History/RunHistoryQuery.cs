using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Xml;
using ScaleSets.Control;
using ScaleSets.Policy;
using ScaleSets.Traces;

namespace ScaleSets.History;

/// <summary>
/// What to read from the run history: every filter is optional and they combine (and). Entries come back oldest first;
/// when more match than <see cref="Limit"/>, the newest ones are returned.
/// </summary>
public sealed class RunHistoryQuery
{
    /// <summary>The default of <see cref="Limit"/>.</summary>
    public const int DefaultLimit = 1000;

    /// <summary>The largest <see cref="Limit"/>.</summary>
    public const int MaxLimit = 10_000;

    private const int MaxTextLength = 200;

    /// <summary>Gets the scale set whose entries to read, or <see langword="null"/> for every scale set.</summary>
    public string? ScaleSet { get; init; }

    /// <summary>Gets the earliest time to read (inclusive), or <see langword="null"/>.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Gets the time to read up to (exclusive), or <see langword="null"/>.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>
    /// Gets the kind of entry to read, or <see langword="null"/> for decisions and controller events (evaluations are read
    /// only when asked for by <see cref="RunHistoryEntryKind.Evaluation"/>).
    /// </summary>
    public RunHistoryEntryKind? Kind { get; init; }

    /// <summary>Gets the <see cref="RunHistoryEntry.Type"/> to read (a <see cref="ScaleReason"/> or <see cref="ControllerEventKind"/> name), or <see langword="null"/>.</summary>
    public string? Type { get; init; }

    /// <summary>
    /// Gets a cause id: the decision of that id and every controller event it caused are read, or <see langword="null"/>.
    /// </summary>
    public string? CauseId { get; init; }

    /// <summary>Gets how many entries to return at most.</summary>
    /// <value>The default is <see cref="DefaultLimit"/>; 1 to <see cref="MaxLimit"/>.</value>
    public int Limit { get; init; } = DefaultLimit;

    /// <summary>
    /// Reads a query from the text of an HTTP query string or a command line, naming the parameter of the first malformed
    /// value. <paramref name="since"/> and <paramref name="until"/> are ISO 8601 timestamps (<c>2026-03-02T08:00:00Z</c>) or
    /// ISO 8601 durations before <paramref name="now"/> (<c>PT1H</c>: the last hour); <paramref name="kind"/> is
    /// <c>decision</c>, <c>event</c>, <c>evaluation</c> (the chart's numbers), or a decision reason or controller event kind (<c>RuleScaleOut</c>,
    /// <c>InstanceCreated</c>); <paramref name="cause"/> is a decision id (<c>web#10</c>) or a controller-made cause id.
    /// </summary>
    /// <param name="set">The scale set, or null or empty.</param>
    /// <param name="since">The earliest time, or null or empty.</param>
    /// <param name="until">The time to read up to, or null or empty.</param>
    /// <param name="kind">The kind or type, or null or empty.</param>
    /// <param name="cause">The cause id, or null or empty.</param>
    /// <param name="limit">The most entries to return, or null or empty for <see cref="DefaultLimit"/>.</param>
    /// <param name="now">The time relative durations count back from (the host's <see cref="TimeProvider"/>).</param>
    /// <param name="query">The query, when every value is well formed.</param>
    /// <param name="error">What is malformed, naming the parameter, otherwise.</param>
    /// <returns>Whether every value is well formed.</returns>
    public static bool TryParse(
        string? set,
        string? since,
        string? until,
        string? kind,
        string? cause,
        string? limit,
        DateTimeOffset now,
        [NotNullWhen(true)] out RunHistoryQuery? query,
        [NotNullWhen(false)] out string? error)
    {
        query = null;
        error = null;
        if (!TryName(set, "set", out var scaleSet, out error)
            || !TryTime(since, "since", now, out var from, out error)
            || !TryTime(until, "until", now, out var to, out error)
            || !TryKind(kind, out var entryKind, out var type, out error)
            || !TryCause(cause, out var causeId, out error)
            || !TryLimit(limit, out var most, out error))
        {
            error ??= "malformed query";
            return false;
        }

        if (from is { } a && to is { } b && b <= a)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"until: {b:O} is not after since ({a:O}); the time range is empty.");
            return false;
        }

        query = new RunHistoryQuery { ScaleSet = scaleSet, Since = from, Until = to, Kind = entryKind, Type = type, CauseId = causeId, Limit = most };
        return true;
    }

    /// <summary>Checks the query's values (a query built in code rather than parsed).</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Limit is < 1 or > MaxLimit)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Limit: {Limit} must be between 1 and {MaxLimit}."), nameof(Limit));
        }

        if (Since is { } a && Until is { } b && b <= a)
        {
            throw new ArgumentException("Until must be after Since.", nameof(Until));
        }
    }

    private static bool TryName(string? text, string parameter, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (text.Length > MaxTextLength)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"{parameter}: a scale set name has at most {MaxTextLength} characters; this one has {text.Length}.");
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                error = $"{parameter}: '{Printable(text)}' is not a scale set name; use letters, digits, '.', '-' and '_'.";
                return false;
            }
        }

        value = text;
        return true;
    }

    private static bool TryTime(string? text, string parameter, DateTimeOffset now, out DateTimeOffset? value, out string? error)
    {
        value = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var trimmed = text.Trim();
        if (trimmed[0] is 'P' or 'p')
        {
            try
            {
                var span = XmlConvert.ToTimeSpan(trimmed.ToUpperInvariant());
                if (span > TimeSpan.Zero && span <= now - DateTimeOffset.MinValue)
                {
                    value = now - span;
                    return true;
                }
            }
            catch (FormatException)
            {
                // Reported below.
            }
            catch (OverflowException)
            {
                // Reported below.
            }

            error = $"{parameter}: '{Printable(text)}' is not a positive ISO 8601 duration such as PT1H (the last hour).";
            return false;
        }

        if (IsoTimestamp.TryParse(trimmed, out var time))
        {
            value = time;
            return true;
        }

        error = $"{parameter}: '{Printable(text)}' is not {IsoTimestamp.Expected}, nor a duration such as PT1H.";
        return false;
    }

    private static bool TryKind(string? text, out RunHistoryEntryKind? kind, out string? type, out string? error)
    {
        kind = null;
        type = null;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (string.Equals(text, "decision", StringComparison.OrdinalIgnoreCase))
        {
            kind = RunHistoryEntryKind.Decision;
            return true;
        }

        if (string.Equals(text, "event", StringComparison.OrdinalIgnoreCase))
        {
            kind = RunHistoryEntryKind.ControllerEvent;
            return true;
        }

        if (string.Equals(text, "evaluation", StringComparison.OrdinalIgnoreCase))
        {
            kind = RunHistoryEntryKind.Evaluation;
            return true;
        }

        // Enum.TryParse also reads numbers and comma lists; only a name is a kind.
        if (char.IsAsciiLetter(text[0]) && text.All(char.IsAsciiLetter))
        {
            if (Enum.TryParse<ScaleReason>(text, ignoreCase: true, out var reason) && Enum.IsDefined(reason))
            {
                kind = RunHistoryEntryKind.Decision;
                type = reason.ToString();
                return true;
            }

            if (Enum.TryParse<ControllerEventKind>(text, ignoreCase: true, out var eventKind) && Enum.IsDefined(eventKind))
            {
                kind = RunHistoryEntryKind.ControllerEvent;
                type = eventKind.ToString();
                return true;
            }
        }

        error = $"kind: '{Printable(text)}' is not 'decision', 'event', 'evaluation', a decision reason ({string.Join(", ", Enum.GetNames<ScaleReason>())}) or a controller event kind (such as InstanceCreated).";
        return false;
    }

    private static bool TryCause(string? text, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (text.Length > MaxTextLength || text.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            error = $"cause: '{Printable(text)}' is not a cause id: at most {MaxTextLength} characters, no spaces or control characters.";
            return false;
        }

        // A decision id is the scale set's name, '#' and the evaluation's sequence number.
        var hash = text.LastIndexOf('#');
        if (hash >= 0 && (hash == 0 || hash == text.Length - 1 || text.AsSpan(hash + 1).ContainsAnyExceptInRange('0', '9')))
        {
            error = $"cause: '{Printable(text)}' is not a decision id; a decision id is the scale set's name, '#' and a number, such as web#10.";
            return false;
        }

        value = text;
        return true;
    }

    private static bool TryLimit(string? text, out int value, out string? error)
    {
        value = DefaultLimit;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is >= 1 and <= MaxLimit)
        {
            return true;
        }

        error = string.Create(CultureInfo.InvariantCulture, $"limit: '{Printable(text)}' is not a whole number from 1 to {MaxLimit}.");
        return false;
    }

    private static string Printable(string text)
    {
        var shown = text.Length > 60 ? text[..60] + "…" : text;
        return new string([.. shown.Select(c => char.IsControl(c) ? '?' : c)]);
    }
}
