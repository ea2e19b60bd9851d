namespace ScaleSets.Prometheus.Answers;

/// <summary>One series of an instant query's answer: its labels and its value (a scalar has no labels).</summary>
/// <param name="Labels">The series' labels, <c>__name__</c> included when Prometheus kept it.</param>
/// <param name="Value">The value; NaN or infinite when Prometheus said so (the caller reports those).</param>
/// <param name="RawText">The value as Prometheus wrote it when it was not a plain number (NaN, ±Inf, an unusual spelling), else <see langword="null"/>.</param>
internal readonly record struct PrometheusSeries(IReadOnlyDictionary<string, string> Labels, double Value, string? RawText)
{
    /// <summary>Gets the value as Prometheus wrote it, for messages.</summary>
    public string ValueText => RawText ?? Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
