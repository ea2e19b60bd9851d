using System.Globalization;
using ScaleSets.Traces;

namespace ScaleSets.Simulation.Workloads;

/// <summary>Turns a load trace (a <see cref="TraceSeries"/> or a trace CSV) into a <see cref="Workload"/> at the simulation's step.</summary>
public static class TraceWorkload
{
    /// <summary>
    /// Reads a trace CSV (<c>timestamp,value</c> by default; empty or <c>NA</c> is a gap) and converts it. A trace whose
    /// own spacing is at least <paramref name="step"/> is read at its spacing and converted by <see cref="FromSeries"/>;
    /// a finer one (a 1-second trace simulated per 5 minutes) is averaged straight into steps, so its size at its own
    /// spacing does not matter: each step is the mean of the rows in it (a per-interval count divided by the trace's own
    /// spacing), a step without rows keeps the last value. A trace of one row (or all rows at one time) is taken to be at
    /// the step.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="options">The columns; its <see cref="TraceCsvOptions.Interval"/> is ignored (<paramref name="step"/> decides).</param>
    /// <param name="unit">What the values count.</param>
    /// <param name="step">The simulation step.</param>
    /// <returns>The workload, named after the file.</returns>
    /// <exception cref="TraceFormatException">The file is malformed, holds a negative value or only gaps; the message names the file and line.</exception>
    public static Workload ReadCsv(string path, TraceCsvOptions? options, WorkloadUnit unit, TimeSpan step)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (step <= TimeSpan.Zero)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the simulation step {step} is not positive"), nameof(step));
        }

        var columns = new TraceCsvOptions
        {
            ValueColumn = options?.ValueColumn ?? "value",
            TimestampColumn = options?.TimestampColumn ?? "timestamp",
            Aggregation = TraceAggregation.Mean,
            AllowNegativeValues = false,
        };
        var name = Path.GetFileName(path);
        var steps = NotOnlyGaps(TraceCsvReader.ReadFileAtLeast(path, step, columns, out var own), path);
        if (own >= step)
        {
            return FromSeries(name, steps, unit, step);
        }

        if (unit == WorkloadUnit.PerInterval)
        {
            var rates = steps.AsSpan().ToArray();
            for (var i = 0; i < rates.Length; i++)
            {
                rates[i] /= own.TotalSeconds;
            }

            steps = new TraceSeries(steps.Start, step, rates);
        }

        return FromSeries(name, steps, WorkloadUnit.PerSecond, step);
    }

    private static TraceSeries NotOnlyGaps(TraceSeries series, string path) =>
        series.GapCount == series.Count ? throw new TraceFormatException(path, 0, "the trace has no value, only gaps (empty or NA)") : series;

    /// <summary>
    /// Converts a regular trace to a workload: values become requests per second (a per-interval count is divided by
    /// the interval's seconds), each step takes the mean of the trace intervals that start inside it or, when none
    /// does (a step shorter than the trace's interval), the value of the interval it lies in; gaps (NaN) are filled with
    /// the last value before them (leading gaps with the first value), since an autoscaler sees the same load continue
    /// while a monitoring gap lasts.
    /// </summary>
    /// <param name="name">The workload's name.</param>
    /// <param name="series">The regular trace.</param>
    /// <param name="unit">What the values count.</param>
    /// <param name="step">The simulation step.</param>
    /// <returns>The workload.</returns>
    /// <exception cref="ArgumentException">The trace has no value at all, a negative value, or more than <see cref="TraceCsvReader.MaxIntervals"/> steps.</exception>
    public static Workload FromSeries(string name, TraceSeries series, WorkloadUnit unit, TimeSpan step)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (step <= TimeSpan.Zero)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the simulation step {step} is not positive"), nameof(step));
        }

        var values = series.AsSpan();
        var rates = new double[values.Length];
        var divisor = unit == WorkloadUnit.PerInterval ? series.Interval.TotalSeconds : 1.0;
        var last = double.NaN;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}: the value at {series.TimeAt(i):yyyy-MM-ddTHH:mm:ssZ} is {values[i]}; a load cannot be negative"));
            }

            rates[i] = values[i] / divisor;
            if (!double.IsNaN(rates[i]) && double.IsNaN(last))
            {
                last = rates[i];
            }
        }

        if (double.IsNaN(last))
        {
            throw new ArgumentException($"{name}: the trace has no value, only gaps");
        }

        for (var i = 0; i < rates.Length; i++)
        {
            if (double.IsNaN(rates[i]))
            {
                rates[i] = last;
            }

            last = rates[i];
        }

        var end = series.TimeAt(series.Count);
        var steps = Math.Ceiling((end - series.Start) / step);
        if (steps > TraceCsvReader.MaxIntervals)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}: the trace runs from {series.Start:yyyy-MM-ddTHH:mm:ssZ} to {end:yyyy-MM-ddTHH:mm:ssZ}, {steps:0} steps of {step}, more than {TraceCsvReader.MaxIntervals}; simulate a part of it (--from/--to) or a longer step"));
        }

        var count = (int)steps;
        var result = new double[count];
        var source = 0;
        for (var k = 0; k < count; k++)
        {
            var stepStart = series.Start + (step * k);
            var stepEnd = stepStart + step;
            while (source + 1 < rates.Length && series.TimeAt(source + 1) <= stepStart)
            {
                source++;
            }

            var sum = 0.0;
            var n = 0;
            var j = source;
            if (series.TimeAt(j) < stepStart)
            {
                j++;
            }

            for (; j < rates.Length && series.TimeAt(j) < stepEnd; j++)
            {
                sum += rates[j];
                n++;
            }

            result[k] = n > 0 ? sum / n : rates[source];
        }

        return new Workload(name, series.Start, step, result);
    }
}
