namespace ScaleSets.Control;

/// <summary>How strictly instances are spread over zones (Azure's zone balance setting).</summary>
public enum ZoneBalanceMode
{
    /// <summary>Keep zone counts within one of each other when every zone can take instances; place elsewhere when one cannot.</summary>
    BestEffort,

    /// <summary>Never let zone counts differ by more than one: a zone that cannot take instances blocks the scale-out, and the controller says why.</summary>
    Strict,
}
