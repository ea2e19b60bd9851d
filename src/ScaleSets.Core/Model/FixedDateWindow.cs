namespace ScaleSets.Model;

/// <summary>A fixed period in which a profile is active (Azure's <c>fixedDate</c>).</summary>
public sealed class FixedDateWindow
{
    /// <summary>Gets or sets the time zone <see cref="Start"/> and <see cref="End"/> are expressed in (Windows or IANA id).</summary>
    /// <value>The default is <c>UTC</c>.</value>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Gets or sets the local start time in <see cref="TimeZone"/>, inclusive.</summary>
    public DateTime Start { get; set; }

    /// <summary>Gets or sets the local end time in <see cref="TimeZone"/>, exclusive.</summary>
    public DateTime End { get; set; }
}
