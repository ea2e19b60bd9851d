using ScaleSets.Model;

namespace ScaleSets.Rules;

/// <summary>
/// Turns scale actions into capacities. Percentages of the current capacity are rounded up when scaling out and
/// down when scaling in, and a non-zero percentage always moves at least one instance (so a set at 0 or 1 can move).
/// </summary>
internal static class CapacityMath
{
    /// <summary>
    /// Applies a threshold rule's action. Direction <see cref="ScaleDirection.None"/> changes nothing unless the type is
    /// <see cref="ScaleType.ExactCount"/>; <see cref="ScaleType.ServiceAllowedNextValue"/> moves one instance, as every
    /// count is an allowed capacity of a scale set.
    /// </summary>
    public static int Apply(int current, ScaleDirection direction, ScaleType type, int value) => type switch
    {
        ScaleType.ExactCount => Math.Max(0, value),
        _ when direction == ScaleDirection.None => current,
        ScaleType.ChangeCount => direction == ScaleDirection.Increase ? Add(current, value) : Math.Max(0, current - value),
        ScaleType.PercentChangeCount => direction == ScaleDirection.Increase
            ? Add(current, PercentDelta(current, value, roundUp: true))
            : Math.Max(0, current - PercentDelta(current, value, roundUp: false)),
        ScaleType.ServiceAllowedNextValue => direction == ScaleDirection.Increase ? Add(current, 1) : Math.Max(0, current - 1),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown scale type."),
    };

    /// <summary>Applies a signed adjustment (step scaling): positive adds, negative removes.</summary>
    public static int ApplySigned(int current, ScaleType type, int adjustment) => type switch
    {
        ScaleType.ExactCount => Math.Max(0, adjustment),
        _ => adjustment >= 0
            ? Apply(current, ScaleDirection.Increase, type, adjustment)
            : Apply(current, ScaleDirection.Decrease, type, -adjustment),
    };

    public static int PercentDelta(int current, int percent, bool roundUp)
    {
        if (percent <= 0)
        {
            return 0;
        }

        var exact = (double)current * percent / 100.0;
        var rounded = roundUp ? Math.Ceiling(exact) : Math.Floor(exact);
        return (int)Math.Max(1, Math.Min(rounded, int.MaxValue / 2));
    }

    public static int Clamp(int value, int minimum, int maximum) => Math.Min(Math.Max(value, minimum), maximum);

    /// <summary>Divides a set-level total by the instance count: x/0 is +∞ for positive x and 0 for zero.</summary>
    public static double PerInstance(double total, int instances)
    {
        if (instances > 0)
        {
            return total / instances;
        }

        return total > 0 ? double.PositiveInfinity : total < 0 ? double.NegativeInfinity : 0;
    }

    private static int Add(int current, int delta) => (int)Math.Min((long)current + delta, int.MaxValue / 2);
}
