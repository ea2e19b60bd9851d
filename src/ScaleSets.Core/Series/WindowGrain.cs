namespace ScaleSets.Series;

/// <summary>What a <see cref="RollingWindow"/> has included of one grain, so a later change can be undone exactly.</summary>
internal struct WindowGrain
{
    /// <summary>The grain index, or <see cref="GrainBucket.NoIndex"/> when the slot holds nothing.</summary>
    public long Index;

    /// <summary>The grain value included in the running aggregate.</summary>
    public double Value;

    /// <summary>The grain's sample count included in the running aggregate.</summary>
    public long Count;

    /// <summary>The UTC ticks of the grain's latest sample.</summary>
    public long LastTicks;
}
