using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Metrics;
using ScaleSets.Model;

namespace ScaleSets.Tests.Configuration;

/// <summary>FsCheck generators of arbitrary (not necessarily valid) settings, for round-trip properties.</summary>
internal static class ModelGenerators
{
    private static readonly string[] Texts =
    [
        "", "web", "Percentage CPU", "\\Memory\\% Committed Bytes In Use", "quote \" and \\ backslash", "tab\tnew\nline",
        "ünïcødé ✓ 日本", "{\"name\":\"Auto created default scale condition\",\"for\":\"Weekends\"}", "[[escaped]", "*",
        "W. Europe Standard Time", "Europe/Berlin", "UTC",
    ];

    public static Gen<AutoscaleSetting> Setting() =>
        from name in Text()
        from enabled in Bool()
        from predictive in OrNull(Predictive())
        from profiles in ListOf(Profile(), 3)
        select new AutoscaleSetting { Name = name, Enabled = enabled, Predictive = predictive, Profiles = profiles };

    public static Gen<PredictiveScalingPolicy> Predictive() =>
        from mode in Enum<PredictiveScalingMode>()
        from metric in Text()
        from source in Gen.Elements<MetricSourceKind?>(null, MetricSourceKind.Host, MetricSourceKind.Guest, MetricSourceKind.Application, MetricSourceKind.Custom)
        from grain in Duration()
        from statistic in Enum<MetricStatistic>()
        from target in Double()
        from average in Bool()
        from quantile in Double()
        from lead in Duration()
        from minimum in OrNullValue(Duration())
        from maximum in Duration()
        from scaleIn in Bool()
        from margin in Double()
        from refit in Duration()
        from combination in Bool()
        select new PredictiveScalingPolicy
        {
            Mode = mode,
            MetricName = metric,
            Source = source,
            TimeGrain = grain,
            Statistic = statistic,
            TargetPerInstance = target,
            IsPerInstanceAverage = average,
            Quantile = quantile,
            LeadTime = lead,
            MinimumHistory = minimum,
            MaximumHistory = maximum,
            AllowScaleIn = scaleIn,
            ScaleInMargin = margin,
            RefitInterval = refit,
            AllowCombination = combination,
        };

    /// <summary>
    /// Policies whose fields sit on, just inside or just outside the validator's bounds; each field is in range six times
    /// out of seven, so that about one policy in five is valid throughout and the rest break one or two rules.
    /// </summary>
    public static Gen<PredictiveScalingPolicy> NearBoundPredictive() =>
        from mode in Mostly([PredictiveScalingMode.Disabled, PredictiveScalingMode.ForecastOnly, PredictiveScalingMode.Enabled], [(PredictiveScalingMode)3])
        from metric in Mostly(["Percentage CPU", "rps"], ["", " "])
        from grain in Mostly([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)], [TimeSpan.FromSeconds(59), TimeSpan.FromHours(1) + TimeSpan.FromTicks(1), TimeSpan.Zero])
        from target in Mostly([double.Epsilon, 0.5, 60], [-1.0, 0.0, double.NaN, double.PositiveInfinity])
        from quantile in Mostly([0.5, 0.9, 0.999], [0.4999, 0.9991, double.NaN])
        from lead in Mostly([TimeSpan.Zero, TimeSpan.FromMinutes(10), TimeSpan.FromDays(1)], [TimeSpan.FromTicks(-1), TimeSpan.FromDays(1) + TimeSpan.FromTicks(1)])
        from minimum in Mostly<TimeSpan?>([null, TimeSpan.FromHours(2), TimeSpan.FromDays(1), TimeSpan.FromDays(2)], [TimeSpan.Zero, TimeSpan.FromMinutes(-5), TimeSpan.FromMinutes(2), TimeSpan.FromDays(100)])
        from maximum in Mostly([TimeSpan.FromDays(1), TimeSpan.FromDays(28), TimeSpan.FromDays(90)], [TimeSpan.Zero, TimeSpan.FromHours(23), TimeSpan.FromDays(91)])
        from margin in Mostly([0.0, 0.2, 10.0], [-0.01, 10.01, double.NaN])
        from refit in Mostly([TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), TimeSpan.FromDays(7)], [TimeSpan.FromSeconds(59), TimeSpan.FromDays(7) + TimeSpan.FromTicks(1)])
        select new PredictiveScalingPolicy
        {
            Mode = mode,
            MetricName = metric,
            Source = MetricSourceKind.Host,
            TimeGrain = grain,
            TargetPerInstance = target,
            Quantile = quantile,
            LeadTime = lead,
            MinimumHistory = minimum,
            MaximumHistory = maximum,
            ScaleInMargin = margin,
            RefitInterval = refit,
        };

    private static Gen<AutoscaleProfile> Profile() =>
        from name in Text()
        from capacity in Capacity()
        from rules in ListOf(Rule(), 3)
        from recurrence in OrNull(Recurrence())
        from window in OrNull(FixedDate())
        select new AutoscaleProfile { Name = name, Capacity = capacity, Rules = rules, Recurrence = recurrence, FixedDate = window };

    private static Gen<ScaleCapacity> Capacity() =>
        from minimum in Int()
        from maximum in Int()
        from fallback in Int()
        select new ScaleCapacity { Minimum = minimum, Maximum = maximum, Default = fallback };

    private static Gen<ScaleRule> Rule() =>
        from name in OrNull(Text())
        from trigger in Trigger()
        from action in OrNull(ScaleAction())
        from tracking in OrNull(TargetTracking())
        from steps in OrNull(StepScaling())
        select new ScaleRule { Name = name, MetricTrigger = trigger, ScaleAction = action, TargetTracking = tracking, StepScaling = steps };

    private static Gen<MetricTrigger> Trigger() =>
        from name in Text()
        from source in Gen.Elements<MetricSourceKind?>(null, MetricSourceKind.Host, MetricSourceKind.Guest, MetricSourceKind.Application, MetricSourceKind.Custom)
        from dimensions in ListOf(Dimension(), 2)
        from grain in Duration()
        from statistic in Enum<MetricStatistic>()
        from window in Duration()
        from aggregation in Enum<TimeAggregationType>()
        from op in Enum<ComparisonOperator>()
        from threshold in Double()
        from divide in Bool()
        select new MetricTrigger
        {
            MetricName = name,
            Source = source,
            Dimensions = dimensions,
            TimeGrain = grain,
            Statistic = statistic,
            TimeWindow = window,
            TimeAggregation = aggregation,
            Operator = op,
            Threshold = threshold,
            DividePerInstance = divide,
        };

    private static Gen<MetricDimensionFilter> Dimension() =>
        from name in Text()
        from op in Enum<DimensionOperator>()
        from values in ListOf(Text(), 3)
        select new MetricDimensionFilter { Name = name, Operator = op, Values = values };

    private static Gen<ScaleAction> ScaleAction() =>
        from direction in Enum<ScaleDirection>()
        from type in Enum<ScaleType>()
        from value in Int()
        from cooldown in Duration()
        select new ScaleAction { Direction = direction, Type = type, Value = value, Cooldown = cooldown };

    private static Gen<TargetTrackingPolicy> TargetTracking() =>
        from target in Double()
        from tolerance in Double()
        from disable in Bool()
        from up in Behavior()
        from down in Behavior()
        select new TargetTrackingPolicy { TargetValue = target, Tolerance = tolerance, DisableScaleIn = disable, ScaleUp = up, ScaleDown = down };

    private static Gen<ScalingBehavior> Behavior() =>
        from window in Duration()
        from selectPolicy in Enum<ScalingPolicySelect>()
        from policies in ListOf(
            from type in Enum<ScalingRatePolicyType>()
            from value in Int()
            from period in Duration()
            select new ScalingRatePolicy { Type = type, Value = value, Period = period },
            2)
        select new ScalingBehavior { StabilizationWindow = window, SelectPolicy = selectPolicy, Policies = policies };

    private static Gen<StepScalingPolicy> StepScaling() =>
        from type in Enum<ScaleType>()
        from cooldown in Duration()
        from steps in ListOf(
            from lower in OrNullValue(Double())
            from upper in OrNullValue(Double())
            from adjustment in Int()
            select new StepAdjustment { LowerBound = lower, UpperBound = upper, Adjustment = adjustment },
            3)
        select new StepScalingPolicy { AdjustmentType = type, Cooldown = cooldown, Steps = steps };

    private static Gen<Recurrence> Recurrence() =>
        from zone in Text()
        from days in ListOf(Enum<DayOfWeek>(), 7)
        from hours in ListOf(Int(), 3)
        from minutes in ListOf(Int(), 3)
        select new Recurrence { Schedule = new RecurrentSchedule { TimeZone = zone, Days = days, Hours = hours, Minutes = minutes } };

    private static Gen<FixedDateWindow> FixedDate() =>
        from zone in Text()
        from start in DateTime()
        from end in DateTime()
        select new FixedDateWindow { TimeZone = zone, Start = start, End = end };

    private static Gen<string> Text() => Gen.Elements(Texts);

    private static Gen<T> Mostly<T>(T[] inRange, T[] outOfRange) =>
        Gen.Frequency((6, Gen.Elements(inRange)), (1, Gen.Elements(outOfRange)));

    private static Gen<bool> Bool() => Gen.Elements(true, false);

    private static Gen<int> Int() => Gen.OneOf(Gen.Choose(-3, 30), Gen.Choose(int.MinValue, int.MaxValue));

    private static Gen<T> Enum<T>()
        where T : struct, System.Enum => Gen.Elements(System.Enum.GetValues<T>());

    // Every bit pattern: NaN, infinities, subnormals, negative zero, and the shortest-round-trip edge cases.
    private static Gen<double> Double() => Gen.OneOf(
        Gen.Elements(0.0, -0.0, 0.1, 70, 1e-300, double.Epsilon, double.MaxValue, double.NaN, double.PositiveInfinity, double.NegativeInfinity),
        from high in Gen.Choose(int.MinValue, int.MaxValue)
        from low in Gen.Choose(int.MinValue, int.MaxValue)
        select BitConverter.Int64BitsToDouble(((long)high << 32) | (uint)low));

    private static Gen<TimeSpan> Duration() => Gen.OneOf(
        Gen.Elements(TimeSpan.Zero, TimeSpan.FromMinutes(5), TimeSpan.FromDays(7), TimeSpan.FromHours(-1), TimeSpan.FromTicks(1)),
        from high in Gen.Choose(-1_000_000, 1_000_000)
        from low in Gen.Choose(0, int.MaxValue)
        select TimeSpan.FromTicks(((long)high << 31) | (uint)low));

    private static Gen<DateTime> DateTime() =>
        from days in Gen.Choose(0, 365 * 100)
        from ticks in Gen.Choose(0, int.MaxValue)
        from scale in Gen.Elements(0L, 1L, 10L, 1000L, 10_000_000L, 600_000_000L)
        select new DateTime(2000, 1, 1).AddDays(days).AddTicks(ticks * scale % TimeSpan.TicksPerDay);

    private static Gen<List<T>> ListOf<T>(Gen<T> item, int max) =>
        from count in Gen.Choose(0, max)
        from items in Gen.ArrayOf(item, count)
        select items.ToList();

    private static Gen<T?> OrNull<T>(Gen<T> gen)
        where T : class => Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(x => (T?)x)));

    private static Gen<T?> OrNullValue<T>(Gen<T> gen)
        where T : struct => Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(x => (T?)x)));
}
