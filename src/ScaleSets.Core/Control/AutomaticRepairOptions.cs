namespace ScaleSets.Control;

/// <summary>Automatic instance repair, with Azure's defaults.</summary>
public sealed class AutomaticRepairOptions
{
    /// <summary>Gets or sets a value indicating whether unhealthy instances are repaired.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets how long an instance may stay unhealthy (or not yet healthy after it was created or repaired) before it is repaired.</summary>
    /// <value>The default is 30 minutes. Allowed: 10 to 90 minutes.</value>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Gets or sets what a repair does.</summary>
    /// <value>The default is <see cref="RepairAction.Replace"/>.</value>
    public RepairAction Action { get; set; } = RepairAction.Replace;

    /// <summary>
    /// Gets or sets how many repairs in a row may fail (the call fails, or the repaired instance is unhealthy again past the
    /// grace period) before repairs are suspended; <see cref="ScaleSetController.ResumeRepairs"/> resumes them.
    /// </summary>
    /// <value>The default is 3. Allowed: 1 to 100.</value>
    public int MaxConsecutiveFailures { get; set; } = 3;
}
