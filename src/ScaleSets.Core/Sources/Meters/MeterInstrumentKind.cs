using System.Diagnostics.Metrics;

namespace ScaleSets.Sources.Meters;

/// <summary>The kinds of <see cref="System.Diagnostics.Metrics"/> instruments, by what their measurements mean.</summary>
internal enum MeterInstrumentKind
{
    /// <summary>Counter: each measurement is an increment.</summary>
    Counter,

    /// <summary>ObservableCounter: each observation is the cumulative total.</summary>
    ObservableCounter,

    /// <summary>UpDownCounter: each measurement is a change of a running value.</summary>
    UpDownCounter,

    /// <summary>Gauge, ObservableGauge, ObservableUpDownCounter: each measurement is the current value.</summary>
    Gauge,

    /// <summary>Histogram: each measurement is one value of a distribution.</summary>
    Histogram,
}

/// <summary>Tells an instrument's kind from its type.</summary>
internal static class MeterInstrumentKinds
{
    public static MeterInstrumentKind? Of(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(Counter<>))
        {
            return MeterInstrumentKind.Counter;
        }

        if (definition == typeof(ObservableCounter<>))
        {
            return MeterInstrumentKind.ObservableCounter;
        }

        if (definition == typeof(UpDownCounter<>))
        {
            return MeterInstrumentKind.UpDownCounter;
        }

        if (definition == typeof(Gauge<>) || definition == typeof(ObservableGauge<>) || definition == typeof(ObservableUpDownCounter<>))
        {
            return MeterInstrumentKind.Gauge;
        }

        return definition == typeof(Histogram<>) ? MeterInstrumentKind.Histogram : null;
    }
}
