using System.Globalization;

namespace ScaleSets.Sources.Meters;

/// <summary>Which instruments a <see cref="MeterMetricSource"/> listens to, and how often it reports them.</summary>
public sealed class MeterMetricsOptions
{
    /// <summary>Gets or sets the source's name in events, logs and explanations.</summary>
    /// <value>The default is <c>meters</c>.</value>
    public string SourceName { get; set; } = "meters";

    /// <summary>Gets the instruments read; at least one.</summary>
    /// <value>The default is none.</value>
    public IList<MeterInstrument> Instruments { get; } = new List<MeterInstrument>();

    /// <summary>Gets or sets how many values of one histogram series are kept per interval for a percentile; beyond it a uniform sample of that many is kept (the mean stays exact).</summary>
    /// <value>The default is 10 000. Must be positive.</value>
    public int MaxHistogramValues { get; set; } = 10_000;

    /// <summary>Gets the reporting interval (a counter's rate and a histogram's values are over one interval) and the timeout.</summary>
    /// <value>The defaults of <see cref="PolledMetricSourceOptions"/> (15 s).</value>
    public PolledMetricSourceOptions Polling { get; } = new();

    /// <summary>Checks the options and returns every problem, each at its path; empty when they are valid.</summary>
    /// <param name="path">The prefix of every problem, for example <c>ScaleSets:web:Sources:2</c>.</param>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate(string path = nameof(MeterMetricsOptions))
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(SourceName))
        {
            problems.Add($"{path}:{nameof(SourceName)} is required.");
        }

        if (Instruments.Count == 0)
        {
            problems.Add($"{path}:{nameof(Instruments)} needs at least one instrument (a meter name and an instrument name).");
        }

        if (MaxHistogramValues <= 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}:{nameof(MaxHistogramValues)} must be positive (was {MaxHistogramValues})."));
        }

        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < Instruments.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{path}:{nameof(Instruments)}:{i}");
            var instrument = Instruments[i];
            if (instrument is null)
            {
                problems.Add($"{at} must not be null.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(instrument.MeterName))
            {
                problems.Add($"{at}:{nameof(MeterInstrument.MeterName)} is required (the name the application's Meter was created with).");
            }

            if (string.IsNullOrWhiteSpace(instrument.InstrumentName))
            {
                problems.Add($"{at}:{nameof(MeterInstrument.InstrumentName)} is required.");
            }
            else if (!seen.Add((instrument.MeterName, instrument.InstrumentName)))
            {
                problems.Add($"{at}: the instrument '{instrument.InstrumentName}' of meter '{instrument.MeterName}' is listed twice.");
            }

            if (!Enum.IsDefined(instrument.Source))
            {
                problems.Add($"{at}:{nameof(MeterInstrument.Source)} is not a source kind (was {instrument.Source}).");
            }

            if (!Enum.IsDefined(instrument.HistogramAggregation))
            {
                problems.Add($"{at}:{nameof(MeterInstrument.HistogramAggregation)} must be Mean or Percentile (was {instrument.HistogramAggregation}).");
            }

            if (!(instrument.Percentile > 0 && instrument.Percentile <= 100))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{at}:{nameof(MeterInstrument.Percentile)} must be more than 0 and at most 100 (was {instrument.Percentile})."));
            }

            if (instrument.InstanceTag is { } tag && string.IsNullOrWhiteSpace(tag))
            {
                problems.Add($"{at}:{nameof(MeterInstrument.InstanceTag)} must not be empty (leave it out for set-level samples).");
            }
        }

        problems.AddRange(Polling.Validate($"{path}:{nameof(Polling)}"));
        return problems;
    }
}
