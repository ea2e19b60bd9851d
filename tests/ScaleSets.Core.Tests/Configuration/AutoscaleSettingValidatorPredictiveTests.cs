using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Configuration;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Prediction;
using static ScaleSets.Tests.Configuration.TestSettings;

namespace ScaleSets.Tests.Configuration;

/// <summary>The validator's checks of <see cref="AutoscaleSetting.Predictive"/>.</summary>
[TestFixture]
public sealed class AutoscaleSettingValidatorPredictiveTests
{
    private static PredictiveScalingPolicy ValidPolicy() => new()
    {
        Mode = PredictiveScalingMode.Enabled,
        MetricName = "Percentage CPU",
        Source = MetricSourceKind.Host,
        TargetPerInstance = 60,
    };

    private static AutoscaleSetting WithPredictive(Action<PredictiveScalingPolicy> change)
    {
        var policy = ValidPolicy();
        change(policy);
        var setting = Valid();
        setting.Predictive = policy;
        return setting;
    }

    private static SettingValidationResult Validate(Action<PredictiveScalingPolicy> change) =>
        AutoscaleSettingValidator.Validate(WithPredictive(change));

    private static SettingProblem SingleError(Action<PredictiveScalingPolicy> change)
    {
        var result = Validate(change);
        Assert.That(result.Problems, Has.Count.EqualTo(1), string.Join("\n", result.Problems));
        Assert.That(result.Errors, Has.Count.EqualTo(1));
        return result.Errors[0];
    }

    private static void AssertValid(Action<PredictiveScalingPolicy> change)
    {
        var result = Validate(change);
        Assert.That(result.Problems, Is.Empty, string.Join("\n", result.Problems));
    }

    [Test]
    public void Validate_ValidPredictive_NoProblems() => AssertValid(_ => { });

    [Test]
    public void Validate_DefaultPolicyWithMetricAndTarget_NoProblems()
    {
        var setting = Valid();
        setting.Predictive = new PredictiveScalingPolicy { MetricName = "rps", TargetPerInstance = 50 };

        Assert.That(AutoscaleSettingValidator.Validate(setting).Problems, Is.Empty);
    }

    [TestCase("")]
    [TestCase("  ")]
    public void Validate_PredictiveEmptyMetricName_Error(string name)
    {
        var problem = SingleError(p => p.MetricName = name);

        Assert.That(problem.Path, Is.EqualTo("$.predictive.metricName"));
        Assert.That(problem.Message, Does.Contain("metric name is empty"));
    }

    [TestCase(0.0)]
    [TestCase(-5.0)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void Validate_TargetPerInstanceNotFinitePositive_Error(double target)
    {
        var problem = SingleError(p => p.TargetPerInstance = target);

        Assert.That(problem.Path, Is.EqualTo("$.predictive.targetPerInstance"));
        Assert.That(problem.Message, Does.EndWith("must be a finite number greater than zero"));
    }

    [TestCase(0.4999)]
    [TestCase(0.9991)]
    [TestCase(1.0)]
    [TestCase(double.NaN)]
    public void Validate_QuantileOutOfRange_Error(double quantile)
    {
        var problem = SingleError(p => p.Quantile = quantile);

        Assert.That(problem.Path, Is.EqualTo("$.predictive.quantile"));
        Assert.That(problem.Message, Does.EndWith("must be between 0.5 and 0.999"));
    }

    [TestCase(0.5)]
    [TestCase(0.999)]
    public void Validate_QuantileAtBound_Valid(double quantile) => AssertValid(p => p.Quantile = quantile);

    [TestCase(-1L, "lead time -PT0.0000001S is shorter than the minimum of PT0S")]
    [TestCase(TimeSpan.TicksPerDay + 1, "lead time P1DT0.0000001S is longer than the maximum of P1D")]
    public void Validate_LeadTimeOutOfRange_Error(long ticks, string message)
    {
        var problem = SingleError(p => p.LeadTime = TimeSpan.FromTicks(ticks));

        Assert.That(problem.Path, Is.EqualTo("$.predictive.leadTime"));
        Assert.That(problem.Message, Is.EqualTo(message));
    }

    [TestCase(0L)]
    [TestCase(TimeSpan.TicksPerDay)]
    public void Validate_LeadTimeAtBound_Valid(long ticks) => AssertValid(p => p.LeadTime = TimeSpan.FromTicks(ticks));

    [TestCase(59, "time grain PT59S is shorter than the minimum of PT1M")]
    [TestCase(3601, "time grain PT1H1S is longer than the maximum of PT1H")]
    public void Validate_TimeGrainOutOfRange_Error(int seconds, string message)
    {
        var problem = SingleError(p => p.TimeGrain = TimeSpan.FromSeconds(seconds));

        Assert.That(problem.Path, Is.EqualTo("$.predictive.timeGrain"));
        Assert.That(problem.Message, Is.EqualTo(message));
    }

    [TestCase(60)]
    [TestCase(3600)]
    public void Validate_TimeGrainAtBound_Valid(int seconds) => AssertValid(p => p.TimeGrain = TimeSpan.FromSeconds(seconds));

    [Test]
    public void Validate_MinimumHistoryUnderTwoGrains_Error()
    {
        var problem = SingleError(p =>
        {
            p.TimeGrain = TimeSpan.FromMinutes(15);
            p.MinimumHistory = TimeSpan.FromMinutes(29);
        });

        Assert.That(problem.Path, Is.EqualTo("$.predictive.minimumHistory"));
        Assert.That(problem.Message, Is.EqualTo("minimum history PT29M is shorter than 2 time grains (PT30M); a forecast needs at least that much history"));
    }

    [Test]
    public void Validate_MinimumHistoryOfExactlyTwoGrains_Valid() => AssertValid(p =>
    {
        p.TimeGrain = TimeSpan.FromMinutes(15);
        p.MinimumHistory = TimeSpan.FromMinutes(30);
    });

    [Test]
    public void Validate_MinimumHistoryAboveMaximumHistory_Error()
    {
        var problem = SingleError(p =>
        {
            p.MinimumHistory = TimeSpan.FromDays(8);
            p.MaximumHistory = TimeSpan.FromDays(7);
        });

        Assert.That(problem.Path, Is.EqualTo("$.predictive.minimumHistory"));
        Assert.That(problem.Message, Does.Contain("longer than the maximum history of P7D"));
    }

    [Test]
    public void Validate_MinimumHistoryEqualToMaximumHistory_Valid() => AssertValid(p =>
    {
        p.MinimumHistory = TimeSpan.FromDays(7);
        p.MaximumHistory = TimeSpan.FromDays(7);
    });

    [TestCase(0L)]
    [TestCase(-1L)]
    public void Validate_MinimumHistoryNotPositive_Error(long minutes)
    {
        var problem = SingleError(p => p.MinimumHistory = TimeSpan.FromMinutes(minutes));

        Assert.That(problem.Path, Is.EqualTo("$.predictive.minimumHistory"));
    }

    [Test]
    public void Validate_MinimumHistoryWithHugeGrain_ReportsBothWithoutOverflow()
    {
        var result = Validate(p =>
        {
            p.TimeGrain = TimeSpan.MaxValue;
            p.MinimumHistory = TimeSpan.FromMinutes(90);
        });

        Assert.That(result.Errors.Select(e => e.Path), Is.EqualTo(new[] { "$.predictive.timeGrain", "$.predictive.minimumHistory" }));
        Assert.That(result.Errors[1].Message, Does.Contain("(PT2H)"), "the grain is taken at its 1 hour bound");
    }

    [TestCase(23 * 60, "maximum history PT23H is shorter than the minimum of P1D")]
    [TestCase(90 * 24 * 60 + 1, "maximum history P90DT1M is longer than the maximum of P90D")]
    public void Validate_MaximumHistoryOutOfRange_Error(int minutes, string message)
    {
        var problem = SingleError(p => p.MaximumHistory = TimeSpan.FromMinutes(minutes));

        Assert.That(problem.Path, Is.EqualTo("$.predictive.maximumHistory"));
        Assert.That(problem.Message, Is.EqualTo(message));
    }

    [TestCase(1)]
    [TestCase(90)]
    public void Validate_MaximumHistoryAtBound_Valid(int days) => AssertValid(p => p.MaximumHistory = TimeSpan.FromDays(days));

    [TestCase(-0.01)]
    [TestCase(10.01)]
    [TestCase(double.NaN)]
    public void Validate_ScaleInMarginOutOfRange_Error(double margin)
    {
        var problem = SingleError(p => p.ScaleInMargin = margin);

        Assert.That(problem.Path, Is.EqualTo("$.predictive.scaleInMargin"));
        Assert.That(problem.Message, Does.EndWith("must be between 0 and 10"));
    }

    [TestCase(0.0)]
    [TestCase(10.0)]
    public void Validate_ScaleInMarginAtBound_Valid(double margin) => AssertValid(p => p.ScaleInMargin = margin);

    [TestCase(59, "refit interval PT59S is shorter than the minimum of PT1M")]
    [TestCase(7 * 24 * 3600 + 1, "refit interval P7DT1S is longer than the maximum of P7D")]
    public void Validate_RefitIntervalOutOfRange_Error(int seconds, string message)
    {
        var problem = SingleError(p => p.RefitInterval = TimeSpan.FromSeconds(seconds));

        Assert.That(problem.Path, Is.EqualTo("$.predictive.refitInterval"));
        Assert.That(problem.Message, Is.EqualTo(message));
    }

    [Test]
    public void Validate_PredictiveUndefinedEnums_ErrorsNameAllowedValues()
    {
        var errors = Validate(p =>
        {
            p.Mode = (PredictiveScalingMode)3;
            p.Source = (MetricSourceKind)9;
            p.Statistic = (MetricStatistic)7;
        }).Errors;

        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[] { "$.predictive.mode", "$.predictive.source", "$.predictive.statistic" }));
        Assert.That(errors[0].Message, Is.EqualTo("unknown predictive mode '3'; allowed values: Disabled, ForecastOnly, Enabled"));
        Assert.That(errors[1].Message, Is.EqualTo("unknown metric source '9'; allowed values: Host, Guest, Application, Custom"));
        Assert.That(errors[2].Message, Is.EqualTo("unknown statistic '7'; allowed values: Average, Min, Max, Sum, Count"));
    }

    [Test]
    public void Validate_DisabledPolicy_IsStillChecked()
    {
        var problem = SingleError(p =>
        {
            p.Mode = PredictiveScalingMode.Disabled;
            p.TargetPerInstance = 0;
        });

        Assert.That(problem.Path, Is.EqualTo("$.predictive.targetPerInstance"));
    }

    [Test]
    public void Validate_NoPredictive_NothingAboutIt()
    {
        var setting = Valid();
        setting.Predictive = null;

        Assert.That(AutoscaleSettingValidator.Validate(setting).Problems, Is.Empty);
    }

    [Test]
    public void Validate_ManyPredictiveProblems_ReportsAllAtOnceWithPathsBeforeProfiles()
    {
        var setting = WithPredictive(p =>
        {
            p.Mode = (PredictiveScalingMode)(-1);
            p.MetricName = "";
            p.TimeGrain = TimeSpan.Zero;
            p.TargetPerInstance = double.NegativeInfinity;
            p.Quantile = 0.1;
            p.LeadTime = TimeSpan.FromDays(2);
            p.MinimumHistory = TimeSpan.FromDays(200);
            p.MaximumHistory = TimeSpan.FromDays(100);
            p.ScaleInMargin = 11;
            p.RefitInterval = TimeSpan.Zero;
        });
        setting.Profiles[0].Capacity.Minimum = -1;

        var result = AutoscaleSettingValidator.Validate(setting);

        Assert.That(result.Errors.Select(e => e.Path), Is.EqualTo(new[]
        {
            "$.predictive.mode",
            "$.predictive.metricName",
            "$.predictive.timeGrain",
            "$.predictive.targetPerInstance",
            "$.predictive.quantile",
            "$.predictive.leadTime",
            "$.predictive.minimumHistory",
            "$.predictive.maximumHistory",
            "$.predictive.scaleInMargin",
            "$.predictive.refitInterval",
            "$.profiles[0].capacity.minimum",
        }));
        Assert.That(result.Warnings, Is.Empty);
    }

    [Test]
    public void Validate_PolicyWithoutPredictiveErrors_IsAcceptedByThePredictiveScaler()
    {
        // The engine builds a PredictiveScaler from a loaded setting; a setting the loader accepts must never make that throw.
        var accepted = 0;
        var rejected = 0;
        Prop.ForAll(Arb.From(ModelGenerators.NearBoundPredictive()), policy =>
        {
            var setting = Valid();
            setting.Predictive = policy;
            var ours = AutoscaleSettingValidator.Validate(setting).Errors;
            if (ours.Count == 0)
            {
                accepted++;
            }
            else
            {
                rejected++;
            }

            var scalers = PredictiveScalingPolicyValidator.Validate(policy);
            return (ours.Count > 0 || scalers.Count == 0)
                .Label($"accepted here, rejected by the scaler: {string.Join("; ", scalers)}");
        }).QuickCheckThrowOnFailure();

        Assert.That(accepted, Is.GreaterThan(0), "the generator must reach valid policies for the property to mean anything");
        Assert.That(rejected, Is.GreaterThan(0), "and invalid ones");
    }

    [Test]
    public void Validate_ArbitraryPredictive_NeverThrowsAndRejectsWhatTheScalerRejects()
    {
        Prop.ForAll(Arb.From(ModelGenerators.Predictive()), policy =>
        {
            var setting = Valid();
            setting.Predictive = policy;
            var ours = AutoscaleSettingValidator.Validate(setting).Errors;
            return (ours.Count > 0 || PredictiveScalingPolicyValidator.Validate(policy).Count == 0)
                .Label($"ours: {string.Join("; ", ours)}");
        }).QuickCheckThrowOnFailure();
    }
}
