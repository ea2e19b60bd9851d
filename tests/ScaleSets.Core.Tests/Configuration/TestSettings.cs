using ScaleSets.Model;

namespace ScaleSets.Tests.Configuration;

/// <summary>Builds small valid settings for tests; each test changes the one thing it is about.</summary>
internal static class TestSettings
{
    public static MetricTrigger Cpu(ComparisonOperator op, double threshold) => new()
    {
        MetricName = "Percentage CPU",
        TimeGrain = TimeSpan.FromMinutes(1),
        TimeWindow = TimeSpan.FromMinutes(5),
        Operator = op,
        Threshold = threshold,
    };

    public static ScaleRule ScaleOut(double threshold = 70) => new()
    {
        MetricTrigger = Cpu(ComparisonOperator.GreaterThan, threshold),
        ScaleAction = new ScaleAction { Direction = ScaleDirection.Increase, Type = ScaleType.ChangeCount, Value = 1 },
    };

    public static ScaleRule ScaleIn(double threshold = 30) => new()
    {
        MetricTrigger = Cpu(ComparisonOperator.LessThan, threshold),
        ScaleAction = new ScaleAction { Direction = ScaleDirection.Decrease, Type = ScaleType.ChangeCount, Value = 1 },
    };

    public static AutoscaleProfile Default(string name = "default") => new()
    {
        Name = name,
        Capacity = new ScaleCapacity { Minimum = 1, Maximum = 10, Default = 2 },
        Rules = [ScaleOut(), ScaleIn()],
    };

    public static AutoscaleProfile Weekly(string name, string timeZone, DayOfWeek[] days, int[] hours, int[] minutes) => new()
    {
        Name = name,
        Capacity = new ScaleCapacity { Minimum = 1, Maximum = 10, Default = 2 },
        Recurrence = new Recurrence
        {
            Schedule = new RecurrentSchedule { TimeZone = timeZone, Days = [.. days], Hours = [.. hours], Minutes = [.. minutes] },
        },
    };

    public static AutoscaleProfile Fixed(string name, string timeZone, DateTime start, DateTime end) => new()
    {
        Name = name,
        Capacity = new ScaleCapacity { Minimum = 1, Maximum = 10, Default = 2 },
        FixedDate = new FixedDateWindow { TimeZone = timeZone, Start = start, End = end },
    };

    public static AutoscaleSetting With(params AutoscaleProfile[] profiles) => new() { Name = "test", Profiles = [.. profiles] };

    public static AutoscaleSetting Valid() => With(Default());
}
