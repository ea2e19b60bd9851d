namespace ScaleSets.Schedules;

/// <summary>
/// Converts local wall-clock times of a time zone to instants the way Azure autoscale starts profiles: a local time in a
/// spring-forward gap maps to the first instant after the gap, an ambiguous local time (fall back) to its first occurrence.
/// The mapping is monotonic (a later local time never maps to an earlier instant) and allocation-free.
/// </summary>
internal static class ZonedTime
{
    // No zone moves its clock by more than this at once; it bounds the search around a transition.
    private static readonly TimeSpan MaxShift = TimeSpan.FromHours(3);

    /// <summary>Converts a local time of <paramref name="zone"/> to the instant it denotes.</summary>
    /// <param name="zone">The time zone.</param>
    /// <param name="local">The wall-clock time; its <see cref="DateTime.Kind"/> is ignored.</param>
    /// <returns>The instant, with offset zero.</returns>
    public static DateTimeOffset ToInstant(TimeZoneInfo zone, DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            return new DateTimeOffset(GapEnd(zone, local), TimeSpan.Zero);
        }

        if (zone.IsAmbiguousTime(local))
        {
            return new DateTimeOffset(FirstOccurrence(zone, local), TimeSpan.Zero);
        }

        return new DateTimeOffset(DateTime.SpecifyKind(local - zone.GetUtcOffset(local), DateTimeKind.Utc), TimeSpan.Zero);
    }

    /// <summary>Converts an instant to the wall-clock time of <paramref name="zone"/>.</summary>
    /// <param name="zone">The time zone.</param>
    /// <param name="instant">The instant.</param>
    /// <returns>The local time, of kind <see cref="DateTimeKind.Unspecified"/>.</returns>
    public static DateTime ToLocal(TimeZoneInfo zone, DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return DateTime.SpecifyKind(utc + zone.GetUtcOffset(utc), DateTimeKind.Unspecified);
    }

    private static DateTime FirstOccurrence(TimeZoneInfo zone, DateTime local)
    {
        // For an ambiguous time GetUtcOffset answers the standard offset, i.e. the second occurrence. The first one lies
        // before the transition, where the zone still had the earlier (larger) offset.
        var second = DateTime.SpecifyKind(local - zone.GetUtcOffset(local), DateTimeKind.Utc);
        var first = DateTime.SpecifyKind(local - zone.GetUtcOffset(second - MaxShift), DateTimeKind.Utc);
        return first < second && first + zone.GetUtcOffset(first) == local ? first : second;
    }

    private static DateTime GapEnd(TimeZoneInfo zone, DateTime local)
    {
        // The instant the clock jumped: the offset before the gap is the one of a local time well before it; the jump lies
        // between (local - later offset) and (local - earlier offset). Binary search for the first instant with a new offset.
        var before = zone.GetUtcOffset(local - MaxShift);
        var high = DateTime.SpecifyKind(local - before, DateTimeKind.Utc);
        var low = high - MaxShift;
        if (zone.GetUtcOffset(low) != before)
        {
            return high;
        }

        while (high - low > TimeSpan.FromTicks(TimeSpan.TicksPerSecond))
        {
            var middle = low + ((high - low) / 2);
            if (zone.GetUtcOffset(middle) == before)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        // Transitions fall on whole seconds; round the found instant up to the second it happened.
        var ticks = high.Ticks - (high.Ticks % TimeSpan.TicksPerSecond);
        var candidate = new DateTime(ticks, DateTimeKind.Utc);
        return zone.GetUtcOffset(candidate) == before ? high : candidate;
    }
}
