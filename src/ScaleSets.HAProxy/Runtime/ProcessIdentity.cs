using System.Globalization;
using ScaleSets.Abstractions;

namespace ScaleSets.HAProxy.Runtime;

/// <summary>Which HAProxy process answers, from <c>show info</c>: a new process id or start time means servers added at runtime are gone.</summary>
/// <param name="Pid">The process id (<c>Pid</c>).</param>
/// <param name="StartTimeSeconds">The process start time in Unix seconds (<c>Start_time_sec</c>), or 0 when not reported.</param>
/// <param name="UptimeSeconds">The uptime in seconds (<c>Uptime_sec</c>), or -1 when not reported.</param>
internal readonly record struct ProcessIdentity(int Pid, long StartTimeSeconds, long UptimeSeconds)
{
    /// <summary>
    /// Tells whether this observation comes from the same process as an earlier one: same process id and start time and an uptime
    /// that did not go back (in a container a restarted HAProxy often gets the same process id again).
    /// </summary>
    public bool IsSameProcessAs(ProcessIdentity earlier) =>
        Pid == earlier.Pid && StartTimeSeconds == earlier.StartTimeSeconds && (UptimeSeconds < 0 || earlier.UptimeSeconds < 0 || UptimeSeconds >= earlier.UptimeSeconds);

    /// <summary>Parses a <c>show info</c> answer.</summary>
    /// <exception cref="ProviderOperationException">The answer holds no process id.</exception>
    public static ProcessIdentity Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int? pid = null;
        long? start = null;
        long? uptime = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line.AsSpan(0, colon);
            var value = line.AsSpan(colon + 1).Trim();
            if (key.SequenceEqual("Pid") && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p))
            {
                pid = p;
            }
            else if (key.SequenceEqual("Start_time_sec") && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s))
            {
                start = s;
            }
            else if (key.SequenceEqual("Uptime_sec") && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var u))
            {
                uptime = u;
            }
        }

        if (pid is null)
        {
            throw new ProviderOperationException(
                $"HAProxy 'show info' answer holds no 'Pid:' line: '{RuntimeInput.Describe(text.Length > 200 ? text[..200] : text)}'.",
                OperationFailureKind.Permanent);
        }

        return new ProcessIdentity(pid.Value, start ?? 0, uptime ?? -1);
    }
}
