using ScaleSets.Model;

namespace ScaleSets.Simulation.Soak;

/// <summary>Options of a <see cref="SoakRunner"/> run.</summary>
public sealed class SoakOptions
{
    /// <summary>Gets or sets the seed of the run: the same seed and options give the same run.</summary>
    /// <value>The default is 1.</value>
    public int Seed { get; set; } = 1;

    /// <summary>Gets or sets the largest capacity the run asks for.</summary>
    /// <value>The default is 100. Allowed: 1 to 1000.</value>
    public int Instances { get; set; } = 100;

    /// <summary>Gets or sets the fault rate: the share of calls that fail, and how often crashes, losses, outages and restarts are injected.</summary>
    /// <value>The default is 0.1. Allowed: 0 to 0.5.</value>
    public double FaultRate { get; set; } = 0.1;

    /// <summary>Gets or sets the number of steps; each step may change the desired state or inject faults, then runs one reconcile pass.</summary>
    /// <value>The default is 500. Allowed: 1 to 1,000,000.</value>
    public int Steps { get; set; } = 500;

    /// <summary>Gets or sets the virtual time between steps.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan StepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the number of zones.</summary>
    /// <value>The default is 3. Allowed: 1 to 10.</value>
    public int Zones { get; set; } = 3;

    /// <summary>Gets or sets how many instances the controller sends per provider call (its <c>MaxBatchSize</c>).</summary>
    /// <value>The default is 1, one instance per call. Allowed: 1 to 1000.</value>
    public int BatchSize { get; set; } = 1;

    /// <summary>
    /// Gets or sets the size of the set's warm pool (<see cref="Control.WarmPoolOptions.MinSize"/>), 0 for none. With a pool,
    /// even seeds return scale-in instances to it (<see cref="Control.WarmPoolOptions.ReuseOnScaleIn"/>), and the soak's
    /// faults (crashes, losses, out-of-band stops) hit pooled instances as well as serving ones.
    /// </summary>
    /// <value>The default is 0. Allowed: 0 to 1000.</value>
    public int WarmPoolSize { get; set; }

    /// <summary>Returns every problem with these options.</summary>
    /// <returns>The problems; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Instances is < 1 or > ScaleCapacity.InstanceLimit)
        {
            errors.Add(FormattableString.Invariant($"--instances: {Instances} is outside 1 to {ScaleCapacity.InstanceLimit}."));
        }

        if (!(FaultRate >= 0 && FaultRate <= 0.5))
        {
            errors.Add(FormattableString.Invariant($"--fault-rate: {FaultRate} is outside 0 to 0.5."));
        }

        if (Steps is < 1 or > 1_000_000)
        {
            errors.Add(FormattableString.Invariant($"--steps: {Steps} is outside 1 to 1000000."));
        }

        if (Zones is < 1 or > 10)
        {
            errors.Add(FormattableString.Invariant($"--zones: {Zones} is outside 1 to 10."));
        }

        if (BatchSize is < 1 or > ScaleCapacity.InstanceLimit)
        {
            errors.Add(FormattableString.Invariant($"--batch-size: {BatchSize} is outside 1 to {ScaleCapacity.InstanceLimit}."));
        }

        if (WarmPoolSize is < 0 or > 1000)
        {
            errors.Add(FormattableString.Invariant($"--warm-pool: {WarmPoolSize} is outside 0 to 1000."));
        }

        if (StepInterval <= TimeSpan.Zero)
        {
            errors.Add("StepInterval: must be positive.");
        }

        return errors;
    }
}
