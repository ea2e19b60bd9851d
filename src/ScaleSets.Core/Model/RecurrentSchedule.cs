namespace ScaleSets.Model;

/// <summary>When a recurrence profile starts: every listed day at every listed hour and minute, in a time zone.</summary>
public sealed class RecurrentSchedule
{
    /// <summary>Gets or sets the time zone: a Windows id such as <c>W. Europe Standard Time</c> or an IANA id such as <c>Europe/Berlin</c>.</summary>
    /// <value>The default is <c>UTC</c>.</value>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Gets or sets the days of the week the profile starts on; at least one.</summary>
    public List<DayOfWeek> Days { get; set; } = [];

    /// <summary>Gets or sets the hours (0–23) the profile starts at.</summary>
    public List<int> Hours { get; set; } = [0];

    /// <summary>Gets or sets the minutes (0–59) the profile starts at.</summary>
    public List<int> Minutes { get; set; } = [0];
}
