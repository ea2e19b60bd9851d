namespace ScaleSets.Model;

/// <summary>How often a recurrence profile repeats. Like Azure autoscale, only weekly recurrence is supported.</summary>
public enum RecurrenceFrequency
{
    /// <summary>Every week, on the listed days.</summary>
    Week,
}
