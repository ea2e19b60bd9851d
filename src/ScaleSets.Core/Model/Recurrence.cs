namespace ScaleSets.Model;

/// <summary>
/// A weekly recurrence. A recurrence profile is active from its most recent start until any other recurrence profile
/// starts, exactly as in Azure autoscale.
/// </summary>
public sealed class Recurrence
{
    /// <summary>Gets or sets the frequency.</summary>
    /// <value>The default is <see cref="RecurrenceFrequency.Week"/>.</value>
    public RecurrenceFrequency Frequency { get; set; } = RecurrenceFrequency.Week;

    /// <summary>Gets or sets the schedule.</summary>
    public RecurrentSchedule Schedule { get; set; } = new();
}
