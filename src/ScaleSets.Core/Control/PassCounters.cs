namespace ScaleSets.Control;

/// <summary>What one reconcile pass did, for its <see cref="ReconcileResult"/>; changed under the controller's gate.</summary>
internal sealed class PassCounters
{
    public int Created { get; set; }

    public int Deleted { get; set; }

    public int Failures { get; set; }

    /// <summary>Gets or sets a value indicating whether a create failed (it may have left an instance the next listing adopts).</summary>
    public bool CreateFailed { get; set; }

    /// <summary>Gets or sets a value indicating whether a create failed because its zone was unavailable.</summary>
    public bool ZoneUnavailable { get; set; }

    /// <summary>Gets or sets a value indicating whether placement was blocked for some of the instances wanted.</summary>
    public bool PlacementBlocked { get; set; }

    public void Reset()
    {
        Created = 0;
        Deleted = 0;
        Failures = 0;
        CreateFailed = false;
        ZoneUnavailable = false;
        PlacementBlocked = false;
    }
}
