namespace ScaleSets.Schedules;

/// <summary>Why a profile is the active one.</summary>
public enum ProfileActivation
{
    /// <summary>The default profile: no fixed-date or recurrence profile applies.</summary>
    Default,

    /// <summary>A weekly recurrence profile: it started most recently of all recurrence profiles.</summary>
    Recurrence,

    /// <summary>A fixed-date profile whose period contains the current time; it beats every other kind.</summary>
    FixedDate,
}
