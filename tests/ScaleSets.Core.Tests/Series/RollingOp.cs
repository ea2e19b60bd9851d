namespace ScaleSets.Tests.Series;

/// <summary>One step of a generated pipeline scenario.</summary>
/// <param name="Kind">0 ingest, 1 read, 2 terminate a source.</param>
/// <param name="AdvanceSeconds">How far the clock moves before the step.</param>
/// <param name="OffsetSeconds">Sample timestamp relative to now (negative = late).</param>
/// <param name="ValueTenths">Sample value in tenths.</param>
/// <param name="Instance">Reporting instance number.</param>
/// <param name="Source">Source index.</param>
/// <param name="ReadMask">Which triggers a read step reads (bit per trigger, all when zero).</param>
public sealed record RollingOp(int Kind, int AdvanceSeconds, int OffsetSeconds, int ValueTenths, int Instance, int Source, long ReadMask);
