namespace ScaleSets.Orleans.Hosting;

/// <summary>How the silo runs its scale set grains.</summary>
public sealed class ScaleSetsSiloOptions
{
    /// <summary>The name of the grain storage provider the grains keep their state in (register one by this name).</summary>
    public const string StorageName = "scalesets";

    /// <summary>Gets or sets how often a grain evaluates its autoscale setting.</summary>
    /// <value>The default is one minute (Azure autoscale's).</value>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how often a grain runs a reconcile pass; <see langword="null"/> for the controller options' <c>ReconcileInterval</c>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public TimeSpan? ReconcileInterval { get; set; }

    /// <summary>Gets or sets the period of the reminder that wakes a grain whose silo died (at least one minute, Orleans' minimum).</summary>
    /// <value>The default is one minute.</value>
    public TimeSpan WakeUpPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the clock of the autoscaler and the controller (grain timers run on Orleans' own clock).</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws when an option is out of range, naming every problem.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void ThrowIfInvalid()
    {
        var errors = new List<string>();
        if (EvaluationInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add("ScaleSets:Orleans:EvaluationInterval: must be at least one second.");
        }

        if (ReconcileInterval is { } reconcile && reconcile < TimeSpan.FromSeconds(1))
        {
            errors.Add("ScaleSets:Orleans:ReconcileInterval: must be at least one second.");
        }

        if (WakeUpPeriod < TimeSpan.FromMinutes(1))
        {
            errors.Add("ScaleSets:Orleans:WakeUpPeriod: must be at least one minute (Orleans' shortest reminder period).");
        }

        if (TimeProvider is null)
        {
            errors.Add("ScaleSets:Orleans:TimeProvider: is required.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors));
        }
    }
}
