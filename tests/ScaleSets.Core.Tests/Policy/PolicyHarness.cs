using ScaleSets.Model;
using ScaleSets.Policy;

namespace ScaleSets.Tests.Policy;

/// <summary>Drives <see cref="AutoscalePolicy"/> directly with observed values, one evaluation at a time.</summary>
internal sealed class PolicyHarness(AutoscaleProfile profile, int capacity, bool enabled = true)
{
    private readonly CompiledProfile _compiled = new(profile, 0);
    private readonly List<FlappingCheck> _flapping = [];

    public static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public PolicyState State { get; } = new();

    public int Capacity { get; private set; } = capacity;

    public DateTimeOffset Now { get; set; } = Start;

    public RuleEvaluation[] Rules { get; private set; } = [];

    public IReadOnlyList<FlappingCheck> Flapping => _flapping;

    /// <summary>Evaluates with one observation per rule: a number, or null for missing data. Values are per-instance averages.</summary>
    public PolicyResult Evaluate(params double?[] values) => Evaluate(perInstance: true, values);

    public PolicyResult Evaluate(bool perInstance, params double?[] values) => Evaluate(PredictiveInput.None, perInstance, values);

    public PolicyResult Evaluate(PredictiveInput predictive, bool perInstance, params double?[] values)
    {
        var observed = values.Select(v => v is { } x ? new ObservedMetric(true, x, perInstance) : ObservedMetric.Missing).ToArray();
        var results = new RuleResult[observed.Length];
        var result = AutoscalePolicy.Evaluate(Now, _compiled, enabled, Capacity, observed, State, results, _flapping, predictive);
        Rules = _compiled.Describe(results);
        Capacity = result.To;
        return result;
    }

    public void Advance(TimeSpan by) => Now += by;
}
