using ScaleSets.Configuration;
using ScaleSets.Metrics;
using ScaleSets.Model;
using static ScaleSets.Tests.Configuration.TestSettings;

namespace ScaleSets.Tests.Configuration;

[TestFixture]
public sealed class AutoscaleSettingValidatorTests
{
    private const string Rule0 = "$.profiles[0].rules[0]";

    private static SettingValidationResult Validate(AutoscaleSetting setting, int instanceLimit = 1000) =>
        AutoscaleSettingValidator.Validate(setting, instanceLimit);

    private static SettingProblem SingleError(AutoscaleSetting setting, int instanceLimit = 1000)
    {
        var result = Validate(setting, instanceLimit);
        Assert.That(result.Errors, Has.Count.EqualTo(1), string.Join("\n", result.Problems));
        Assert.That(result.IsValid, Is.False);
        return result.Errors[0];
    }

    private static AutoscaleSetting WithRule(ScaleRule rule)
    {
        var profile = Default();
        profile.Rules = [rule];
        return With(profile);
    }

    private static ScaleRule StepRule(ComparisonOperator op, params StepAdjustment[] steps) => new()
    {
        MetricTrigger = Cpu(op, 70),
        StepScaling = new StepScalingPolicy { Steps = [.. steps] },
    };

    private static ScaleRule TargetRule(Action<TargetTrackingPolicy> change)
    {
        var policy = new TargetTrackingPolicy { TargetValue = 60 };
        change(policy);
        return new ScaleRule { MetricTrigger = Cpu(ComparisonOperator.GreaterThan, 0), TargetTracking = policy };
    }

    [Test]
    public void Validate_ValidSetting_NoProblems()
    {
        var result = Validate(Valid());

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.IsValid, Is.True);
    }

    [Test]
    public void Validate_NoProfiles_Error()
    {
        var problem = SingleError(With());

        Assert.That(problem.Path, Is.EqualTo("$.profiles"));
        Assert.That(problem.Message, Does.Contain("at least 1"));
    }

    [Test]
    public void Validate_TwentyOneProfiles_Error()
    {
        var profiles = Enumerable.Range(0, 21)
            .Select(i => Weekly($"p{i}", "UTC", [DayOfWeek.Monday], [i % 24], [0]))
            .ToArray();

        var problem = SingleError(With(profiles));

        Assert.That(problem.Message, Is.EqualTo("the setting has 21 profiles; at most 20 are allowed"));
    }

    [Test]
    public void Validate_ElevenRules_Error()
    {
        var profile = Default();
        profile.Rules = [.. Enumerable.Range(0, 11).Select(i => ScaleOut(50 + i))];

        var problem = SingleError(With(profile));

        Assert.That(problem.Path, Is.EqualTo("$.profiles[0].rules"));
        Assert.That(problem.Message, Does.Contain("11 rules; at most 10"));
    }

    [Test]
    public void Validate_EmptyProfileName_Error() =>
        Assert.That(SingleError(With(Default(" "))).Path, Is.EqualTo("$.profiles[0].name"));

    [Test]
    public void Validate_DuplicateProfileName_Warning()
    {
        var result = Validate(With(Weekly("same", "UTC", [DayOfWeek.Monday], [0], [0]), Weekly("same", "UTC", [DayOfWeek.Friday], [0], [0])));

        Assert.That(result.IsValid, Is.True);
        var warning = result.Warnings.Single();
        Assert.That(warning.Path, Is.EqualTo("$.profiles[1].name"));
        Assert.That(warning.Message, Does.Contain("also used by $.profiles[0]"));
    }

    [TestCase(-1, 0, 5, "$.profiles[0].capacity.minimum", "minimum capacity -1 is negative")]
    [TestCase(3, 2, 5, "$.profiles[0].capacity.default", "default capacity 2 is less than the minimum of 3")]
    [TestCase(1, 6, 5, "$.profiles[0].capacity.default", "default capacity 6 is more than the maximum of 5")]
    [TestCase(1, 1, 1001, "$.profiles[0].capacity.maximum", "maximum capacity 1001 exceeds the instance limit of 1000")]
    public void Validate_CapacityOutOfOrder_Error(int minimum, int fallback, int maximum, string path, string message)
    {
        var profile = Default();
        profile.Capacity = new ScaleCapacity { Minimum = minimum, Default = fallback, Maximum = maximum };

        var problem = SingleError(With(profile));

        Assert.That(problem.Path, Is.EqualTo(path));
        Assert.That(problem.Message, Is.EqualTo(message));
    }

    [Test]
    public void Validate_MaximumBelowMinimum_ReportsBothViolations()
    {
        var profile = Default();
        profile.Capacity = new ScaleCapacity { Minimum = 5, Default = 5, Maximum = 3 };

        var paths = Validate(With(profile)).Errors.Select(e => e.Path);

        Assert.That(paths, Is.EquivalentTo(new[] { "$.profiles[0].capacity.default", "$.profiles[0].capacity.maximum" }));
    }

    [Test]
    public void Validate_CustomInstanceLimit_IsUsed()
    {
        var problem = SingleError(Valid(), instanceLimit: 5);

        Assert.That(problem.Message, Is.EqualTo("maximum capacity 10 exceeds the instance limit of 5"));
    }

    [Test]
    public void Validate_EmptyMetricName_Error()
    {
        var rule = ScaleOut();
        rule.MetricTrigger.MetricName = "";

        Assert.That(SingleError(WithRule(rule)).Path, Is.EqualTo(Rule0 + ".metricTrigger.metricName"));
    }

    [TestCase(30, 300, ".timeGrain", "time grain PT30S is shorter than the minimum of PT1M")]
    [TestCase(60, 120, ".timeWindow", "time window PT2M is shorter than the minimum of PT5M")]
    [TestCase(60, 13 * 3600, ".timeWindow", "time window PT13H is longer than the maximum of PT12H")]
    [TestCase(600, 300, ".timeWindow", "time window PT5M is shorter than the time grain PT10M; it must hold at least one grain")]
    public void Validate_TimeGrainOrWindowOutOfRange_Error(int grainSeconds, int windowSeconds, string property, string message)
    {
        var rule = ScaleOut();
        rule.MetricTrigger.TimeGrain = TimeSpan.FromSeconds(grainSeconds);
        rule.MetricTrigger.TimeWindow = TimeSpan.FromSeconds(windowSeconds);

        var problem = SingleError(WithRule(rule));

        Assert.That(problem.Path, Is.EqualTo(Rule0 + ".metricTrigger" + property));
        Assert.That(problem.Message, Is.EqualTo(message));
    }

    [Test]
    public void Validate_TimeGrainOverTwelveHours_ErrorForGrainAndForWindowShorterThanGrain()
    {
        var rule = ScaleOut();
        rule.MetricTrigger.TimeGrain = TimeSpan.FromHours(13);
        rule.MetricTrigger.TimeWindow = TimeSpan.FromHours(12);

        var errors = Validate(WithRule(rule)).Errors;

        Assert.That(errors.Select(e => e.Message), Is.EqualTo(new[]
        {
            "time grain PT13H is longer than the maximum of PT12H",
            "time window PT12H is shorter than the time grain PT13H; it must hold at least one grain",
        }));
    }

    [Test]
    public void Validate_ErrorToString_IsReadyToPrint()
    {
        var rule = ScaleOut();
        rule.MetricTrigger.TimeWindow = TimeSpan.FromMinutes(2);

        Assert.That(SingleError(WithRule(rule)).ToString(), Is.EqualTo(
            "error at $.profiles[0].rules[0].metricTrigger.timeWindow: time window PT2M is shorter than the minimum of PT5M"));
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void Validate_NonFiniteThreshold_Error(double threshold)
    {
        var problem = SingleError(WithRule(ScaleOut(threshold)));

        Assert.That(problem.Path, Is.EqualTo(Rule0 + ".metricTrigger.threshold"));
        Assert.That(problem.Message, Does.EndWith("is not a finite number"));
    }

    [Test]
    public void Validate_DimensionWithoutNameOrValues_ErrorsForBoth()
    {
        var rule = ScaleOut();
        rule.MetricTrigger.Dimensions = [new MetricDimensionFilter { Name = "", Values = [] }];

        var paths = Validate(WithRule(rule)).Errors.Select(e => e.Path);

        Assert.That(paths, Is.EqualTo(new[] { Rule0 + ".metricTrigger.dimensions[0].name", Rule0 + ".metricTrigger.dimensions[0].values" }));
    }

    [Test]
    public void Validate_UndefinedEnumValues_ErrorsNameAllowedValues()
    {
        var rule = ScaleOut();
        rule.MetricTrigger.Operator = (ComparisonOperator)42;
        rule.MetricTrigger.Statistic = (MetricStatistic)9;
        rule.MetricTrigger.Source = (MetricSourceKind)7;
        rule.ScaleAction!.Direction = (ScaleDirection)5;

        var errors = Validate(WithRule(rule)).Errors;

        Assert.That(errors.Select(e => e.Path), Is.EquivalentTo(new[]
        {
            Rule0 + ".metricTrigger.operator",
            Rule0 + ".metricTrigger.statistic",
            Rule0 + ".metricTrigger.source",
            Rule0 + ".scaleAction.direction",
        }));
        Assert.That(errors.Single(e => e.Path.EndsWith(".operator", StringComparison.Ordinal)).Message,
            Is.EqualTo("unknown operator '42'; allowed values: Equals, NotEquals, GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual"));
    }

    [TestCase(ScaleType.ChangeCount, 0, "must be at least 1 for ChangeCount")]
    [TestCase(ScaleType.PercentChangeCount, 0, "must be between 1 and 1000 for PercentChangeCount")]
    [TestCase(ScaleType.PercentChangeCount, 1001, "must be between 1 and 1000 for PercentChangeCount")]
    [TestCase(ScaleType.ExactCount, -1, "must be between 0 and the instance limit of 1000 for ExactCount")]
    [TestCase(ScaleType.ExactCount, 1001, "must be between 0 and the instance limit of 1000 for ExactCount")]
    public void Validate_ScaleActionValueOutOfRange_Error(ScaleType type, int value, string message)
    {
        var rule = ScaleOut();
        rule.ScaleAction!.Type = type;
        rule.ScaleAction.Value = value;

        var problem = SingleError(WithRule(rule));

        Assert.That(problem.Path, Is.EqualTo(Rule0 + ".scaleAction.value"));
        Assert.That(problem.Message, Does.EndWith(message));
    }

    [TestCase(ScaleType.PercentChangeCount, 1000)]
    [TestCase(ScaleType.ExactCount, 0)]
    [TestCase(ScaleType.ExactCount, 1000)]
    public void Validate_ScaleActionValueAtBound_Valid(ScaleType type, int value)
    {
        var rule = ScaleOut();
        rule.ScaleAction!.Type = type;
        rule.ScaleAction.Value = value;

        Assert.That(Validate(WithRule(rule)).Problems, Is.Empty);
    }

    [TestCase(59, "cooldown PT59S is shorter than the minimum of PT1M")]
    [TestCase(7 * 24 * 3600 + 1, "cooldown P7DT1S is longer than the maximum of P7D")]
    public void Validate_CooldownOutOfRange_Error(int seconds, string message)
    {
        var rule = ScaleOut();
        rule.ScaleAction!.Cooldown = TimeSpan.FromSeconds(seconds);

        var problem = SingleError(WithRule(rule));

        Assert.That(problem.Path, Is.EqualTo(Rule0 + ".scaleAction.cooldown"));
        Assert.That(problem.Message, Is.EqualTo(message));
    }

    [Test]
    public void Validate_RuleWithoutPolicy_Error()
    {
        var rule = ScaleOut();
        rule.ScaleAction = null;

        var problem = SingleError(WithRule(rule));

        Assert.That(problem.Path, Is.EqualTo(Rule0));
        Assert.That(problem.Message, Does.Contain("none of scaleAction, targetTracking and stepScaling"));
    }

    [Test]
    public void Validate_RuleWithTwoPolicies_ErrorNamesThem()
    {
        var rule = ScaleOut();
        rule.TargetTracking = new TargetTrackingPolicy { TargetValue = 50 };

        var problem = SingleError(WithRule(rule));

        Assert.That(problem.Message, Does.StartWith("the rule has scaleAction and targetTracking; it needs exactly one"));
    }

    [TestCase(0.0)]
    [TestCase(-5.0)]
    [TestCase(double.NaN)]
    public void Validate_TargetValueNotPositive_Error(double target) =>
        Assert.That(SingleError(WithRule(TargetRule(p => p.TargetValue = target))).Path, Is.EqualTo(Rule0 + ".targetTracking.targetValue"));

    [TestCase(-0.1)]
    [TestCase(1.0)]
    public void Validate_ToleranceOutOfRange_Error(double tolerance) =>
        Assert.That(SingleError(WithRule(TargetRule(p => p.Tolerance = tolerance))).Path, Is.EqualTo(Rule0 + ".targetTracking.tolerance"));

    [Test]
    public void Validate_StabilizationWindowOverAnHour_Error()
    {
        var problem = SingleError(WithRule(TargetRule(p => p.ScaleDown.StabilizationWindow = TimeSpan.FromMinutes(61))));

        Assert.That(problem.Path, Is.EqualTo(Rule0 + ".targetTracking.scaleDown.stabilizationWindow"));
    }

    [Test]
    public void Validate_RatePolicyValueAndPeriod_Errors()
    {
        var rule = TargetRule(p => p.ScaleUp.Policies =
        [
            new ScalingRatePolicy { Value = 0 },
            new ScalingRatePolicy { Period = TimeSpan.FromMinutes(31) },
            new ScalingRatePolicy { Period = TimeSpan.FromMilliseconds(500) },
        ]);

        var paths = Validate(WithRule(rule)).Errors.Select(e => e.Path);

        Assert.That(paths, Is.EqualTo(new[]
        {
            Rule0 + ".targetTracking.scaleUp.policies[0].value",
            Rule0 + ".targetTracking.scaleUp.policies[1].period",
            Rule0 + ".targetTracking.scaleUp.policies[2].period",
        }));
    }

    [Test]
    public void Validate_ValidStepScaling_NoProblems()
    {
        var rule = StepRule(
            ComparisonOperator.GreaterThan,
            new StepAdjustment { LowerBound = 0, UpperBound = 10, Adjustment = 1 },
            new StepAdjustment { LowerBound = 10, Adjustment = 3 });

        Assert.That(Validate(WithRule(rule)).Problems, Is.Empty);
    }

    [Test]
    public void Validate_StepScalingWithoutSteps_Error() =>
        Assert.That(SingleError(WithRule(StepRule(ComparisonOperator.GreaterThan))).Message, Does.Contain("no steps"));

    [Test]
    public void Validate_StepWithZeroAdjustment_Error() =>
        Assert.That(
            SingleError(WithRule(StepRule(ComparisonOperator.GreaterThan, new StepAdjustment { LowerBound = 0, Adjustment = 0 }))).Path,
            Is.EqualTo(Rule0 + ".stepScaling.steps[0].adjustment"));

    [Test]
    public void Validate_StepWithLowerNotBelowUpper_Error()
    {
        var problem = SingleError(WithRule(StepRule(ComparisonOperator.GreaterThan, new StepAdjustment { LowerBound = 10, UpperBound = 5, Adjustment = 1 })));

        Assert.That(problem.Message, Does.StartWith("step range [10, 5) is empty"));
    }

    [Test]
    public void Validate_OverlappingSteps_ErrorNamesBoth()
    {
        var rule = StepRule(
            ComparisonOperator.GreaterThan,
            new StepAdjustment { LowerBound = 0, Adjustment = 1 },
            new StepAdjustment { LowerBound = 5, UpperBound = 10, Adjustment = 2 },
            new StepAdjustment { LowerBound = 20, UpperBound = 30, Adjustment = 3 });

        var errors = Validate(WithRule(rule)).Errors;

        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[] { Rule0 + ".stepScaling.steps[1]", Rule0 + ".stepScaling.steps[2]" }));
        Assert.That(errors[0].Message, Is.EqualTo($"step range [5, 10) overlaps step {Rule0}.stepScaling.steps[0] [0, +∞); steps must not overlap"));
    }

    [Test]
    public void Validate_StepBelowZeroOnGreaterThanRule_Error()
    {
        var problem = SingleError(WithRule(StepRule(ComparisonOperator.GreaterThan, new StepAdjustment { UpperBound = 0, Adjustment = -1 })));

        Assert.That(problem.Message, Does.Contain("can never apply"));
    }

    [Test]
    public void Validate_StepAboveZeroOnLessThanRule_Error()
    {
        var problem = SingleError(WithRule(StepRule(ComparisonOperator.LessThan, new StepAdjustment { LowerBound = 0, Adjustment = -1 })));

        Assert.That(problem.Message, Does.Contain("can never apply"));
    }

    [Test]
    public void Validate_StepReachingAcrossZero_Warning()
    {
        var result = Validate(WithRule(StepRule(ComparisonOperator.LessThan, new StepAdjustment { Adjustment = -1 })));

        Assert.That(result.IsValid, Is.True);
        Assert.That(result.Warnings.Single().Path, Is.EqualTo(Rule0 + ".stepScaling.steps[0].upperBound"));
    }

    [Test]
    public void Validate_StepScalingWithEqualsOperator_Error() =>
        Assert.That(
            SingleError(WithRule(StepRule(ComparisonOperator.Equals, new StepAdjustment { Adjustment = 1 }))).Message,
            Does.StartWith("step scaling needs an ordering operator"));

    [Test]
    public void Validate_StepScalingCooldownTooShort_Error()
    {
        var rule = StepRule(ComparisonOperator.GreaterThan, new StepAdjustment { LowerBound = 0, Adjustment = 1 });
        rule.StepScaling!.Cooldown = TimeSpan.FromSeconds(10);

        Assert.That(SingleError(WithRule(rule)).Path, Is.EqualTo(Rule0 + ".stepScaling.cooldown"));
    }

    [Test]
    public void Validate_RecurrenceWithoutDays_Error()
    {
        var problem = SingleError(With(Weekly("r", "UTC", [], [8], [0])));

        Assert.That(problem.Path, Is.EqualTo("$.profiles[0].recurrence.schedule.days"));
        Assert.That(problem.Message, Does.StartWith("a recurrence with no days"));
    }

    [Test]
    public void Validate_RecurrenceHoursAndMinutesOutOfRange_ErrorsAtEachValue()
    {
        var errors = Validate(With(Weekly("r", "UTC", [DayOfWeek.Monday], [8, 24], [-1, 60]))).Errors;

        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[]
        {
            "$.profiles[0].recurrence.schedule.hours[1]",
            "$.profiles[0].recurrence.schedule.minutes[0]",
            "$.profiles[0].recurrence.schedule.minutes[1]",
        }));
        Assert.That(errors[0].Message, Is.EqualTo("hour 24 is not between 0 and 23"));
    }

    [Test]
    public void Validate_RecurrenceWithoutHours_Error() =>
        Assert.That(SingleError(With(Weekly("r", "UTC", [DayOfWeek.Monday], [], [0]))).Path, Is.EqualTo("$.profiles[0].recurrence.schedule.hours"));

    [Test]
    public void Validate_UnknownFrequency_Error()
    {
        var profile = Weekly("r", "UTC", [DayOfWeek.Monday], [0], [0]);
        profile.Recurrence!.Frequency = (RecurrenceFrequency)3;

        var problem = SingleError(With(profile));

        Assert.That(problem.Path, Is.EqualTo("$.profiles[0].recurrence.frequency"));
        Assert.That(problem.Message, Is.EqualTo("unknown recurrence frequency '3'; allowed values: Week"));
    }

    [TestCase("Mars/Olympus_Mons")]
    [TestCase("")]
    public void Validate_UnknownTimeZone_Error(string zone)
    {
        var problem = SingleError(With(Weekly("r", zone, [DayOfWeek.Monday], [0], [0])));

        Assert.That(problem.Path, Is.EqualTo("$.profiles[0].recurrence.schedule.timeZone"));
        Assert.That(problem.Message, Does.StartWith($"unknown time zone '{zone}'"));
    }

    [TestCase("W. Europe Standard Time")]
    [TestCase("Europe/Berlin")]
    [TestCase("Pacific Standard Time")]
    [TestCase("UTC")]
    public void Validate_KnownTimeZone_Valid(string zone) =>
        Assert.That(Validate(With(Weekly("r", zone, [DayOfWeek.Monday], [0], [0]))).Problems, Is.Empty);

    [Test]
    public void Validate_FixedDateEndNotAfterStart_Error()
    {
        var setting = With(Default(), Fixed("f", "UTC", new DateTime(2026, 12, 26), new DateTime(2026, 12, 24)));

        var problem = SingleError(setting);

        Assert.That(problem.Path, Is.EqualTo("$.profiles[1].fixedDate.end"));
    }

    [Test]
    public void Validate_FixedDateUnknownZone_Error() =>
        Assert.That(
            SingleError(With(Default(), Fixed("f", "Nowhere", new DateTime(2026, 12, 24), new DateTime(2026, 12, 26)))).Path,
            Is.EqualTo("$.profiles[1].fixedDate.timeZone"));

    [Test]
    public void Validate_ProfileWithRecurrenceAndFixedDate_Error()
    {
        var profile = Weekly("both", "UTC", [DayOfWeek.Monday], [0], [0]);
        profile.FixedDate = new FixedDateWindow { Start = new DateTime(2026, 1, 1), End = new DateTime(2026, 1, 2) };

        Assert.That(SingleError(With(profile)).Message, Does.Contain("both recurrence and fixedDate"));
    }

    [Test]
    public void Validate_TwoDefaultProfiles_Error()
    {
        var problem = SingleError(With(Default("a"), Default("b")));

        Assert.That(problem.Path, Is.EqualTo("$.profiles[1]"));
        Assert.That(problem.Message, Does.Contain("$.profiles[0] is one already"));
    }

    [Test]
    public void Validate_DefaultNextToRecurrence_WarningNeverUsed()
    {
        var result = Validate(With(Weekly("r", "UTC", [DayOfWeek.Monday], [0], [0]), Default()));

        Assert.That(result.IsValid, Is.True);
        var warning = result.Warnings.Single();
        Assert.That(warning.Path, Is.EqualTo("$.profiles[1]"));
        Assert.That(warning.Message, Does.StartWith("the default profile is never used"));
    }

    [Test]
    public void Validate_OnlyFixedDateProfiles_Error()
    {
        var problem = SingleError(With(Fixed("f", "UTC", new DateTime(2026, 12, 24), new DateTime(2026, 12, 26))));

        Assert.That(problem.Path, Is.EqualTo("$.profiles"));
        Assert.That(problem.Message, Does.Contain("no profile would apply"));
    }

    [Test]
    public void Validate_ScaleInThresholdAboveScaleOut_WarningNamesBothRules()
    {
        var profile = Default();
        profile.Rules = [ScaleOut(60), ScaleIn(70)];

        var result = Validate(With(profile));

        Assert.That(result.IsValid, Is.True);
        var warning = result.Warnings.Single();
        Assert.That(warning.Path, Is.EqualTo("$.profiles[0].rules[1].metricTrigger.threshold"));
        Assert.That(warning.Message, Does.Contain("scale-in rule $.profiles[0].rules[1] (LessThan 70)"));
        Assert.That(warning.Message, Does.Contain("scale-out rule $.profiles[0].rules[0] (GreaterThan 60)"));
        Assert.That(warning.Message, Does.Contain("flap"));
    }

    [Test]
    public void Validate_EqualThresholds_Warning()
    {
        var profile = Default();
        profile.Rules = [ScaleOut(50), ScaleIn(50)];

        Assert.That(Validate(With(profile)).Warnings, Has.Count.EqualTo(1));
    }

    [Test]
    public void Validate_ScaleInOnDifferentMetricOrWindow_NoOverlapWarning()
    {
        var otherMetric = ScaleIn(80);
        otherMetric.MetricTrigger.MetricName = "Memory";
        var otherWindow = ScaleIn(80);
        otherWindow.MetricTrigger.TimeWindow = TimeSpan.FromMinutes(10);
        var profile = Default();
        profile.Rules = [ScaleOut(60), otherMetric, otherWindow, ScaleIn(30)];

        Assert.That(Validate(With(profile)).Problems, Is.Empty);
    }

    [Test]
    public void Validate_OverlapWithDimensionsInOtherOrderAndCase_StillWarns()
    {
        var scaleOut = ScaleOut(10);
        scaleOut.MetricTrigger.Dimensions = [new MetricDimensionFilter { Name = "Queue", Values = ["a", "b"] }];
        var scaleIn = ScaleIn(20);
        scaleIn.MetricTrigger.Dimensions = [new MetricDimensionFilter { Name = "queue", Values = ["B", "A"] }];
        var profile = Default();
        profile.Rules = [scaleOut, scaleIn];

        Assert.That(Validate(With(profile)).Warnings, Has.Count.EqualTo(1));
    }

    [Test]
    public void Validate_ManyProblems_ReportsAllAtOnceWithPaths()
    {
        var broken = Default("");
        broken.Capacity = new ScaleCapacity { Minimum = -1, Default = 0, Maximum = 2000 };
        var badRule = ScaleOut(double.NaN);
        badRule.MetricTrigger.TimeWindow = TimeSpan.FromMinutes(2);
        badRule.ScaleAction!.Cooldown = TimeSpan.Zero;
        broken.Rules = [badRule, new ScaleRule { MetricTrigger = Cpu(ComparisonOperator.GreaterThan, 1) }];
        var weekly = Weekly("weekly", "Atlantis/Lost", [], [25], [0]);
        var setting = With(broken, weekly, Default("second default"));

        var result = Validate(setting);

        Assert.That(result.Errors.Select(e => e.Path), Is.EqualTo(new[]
        {
            "$.profiles[0].name",
            "$.profiles[0].capacity.minimum",
            "$.profiles[0].capacity.maximum",
            "$.profiles[0].rules[0].metricTrigger.timeWindow",
            "$.profiles[0].rules[0].metricTrigger.threshold",
            "$.profiles[0].rules[0].scaleAction.cooldown",
            "$.profiles[0].rules[1]",
            "$.profiles[1].recurrence.schedule.timeZone",
            "$.profiles[1].recurrence.schedule.days",
            "$.profiles[1].recurrence.schedule.hours[0]",
            "$.profiles[2]",
        }));
        Assert.That(result.Warnings.Select(w => w.Path), Is.EqualTo(new[] { "$.profiles[0]" }));
    }
}
