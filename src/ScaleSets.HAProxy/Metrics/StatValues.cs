using System.Runtime.CompilerServices;

namespace ScaleSets.HAProxy.Metrics;

/// <summary>The values of one row's <see cref="StatField"/>s, <see cref="double.NaN"/> where the field is empty or unreadable; inline, so a row allocates nothing of its own.</summary>
[InlineArray(StatMetricsCsv.FieldCount)]
internal struct StatValues
{
    private double _first;
}
