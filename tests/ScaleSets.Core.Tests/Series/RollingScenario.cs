namespace ScaleSets.Tests.Series;

/// <summary>A generated pipeline scenario: one grain, two window lengths, lateness and skew, and a stream of steps.</summary>
public sealed record RollingScenario(
    int GrainMinutes,
    int WindowMinutes,
    int SecondWindowMinutes,
    int LatenessSeconds,
    int SkewSeconds,
    int StartSeconds,
    RollingOp[] Ops)
{
    public override string ToString() =>
        $"grain {GrainMinutes}m, windows {WindowMinutes}m/{SecondWindowMinutes}m, lateness {LatenessSeconds}s, skew {SkewSeconds}s, start +{StartSeconds}s, {Ops.Length} ops: "
        + string.Join("; ", Ops.Select(static op => op.ToString()));
}
