using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Model;
using ScaleSets.Policy;

namespace ScaleSets.Tests.Policy;

/// <summary>Invariants of the policy over random settings and random metric histories.</summary>
[TestFixture]
public sealed class AutoscalePolicyProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    [Test]
    public void Capacity_AlwaysWithinTheProfileRange_AfterTheFirstEvaluation() =>
        Check.One(Config, Prop.ForAll(Scenarios().ToArbitrary(), scenario =>
        {
            var capacities = Run(scenario).Select(r => r.To).ToArray();
            var capacity = scenario.Profile.Capacity;
            return capacities.All(c => c >= capacity.Minimum && c <= capacity.Maximum);
        }));

    [Test]
    public void ScaleIn_NeverWhileAScaleOutRuleIsMet() =>
        Check.One(Config, Prop.ForAll(Scenarios().ToArbitrary(), scenario =>
        {
            var harness = new PolicyHarness(scenario.Profile, scenario.InitialCapacity);
            foreach (var step in scenario.Steps)
            {
                var before = harness.Capacity;
                var inRange = before >= scenario.Profile.Capacity.Minimum && before <= scenario.Profile.Capacity.Maximum;
                var result = harness.Evaluate(step);
                var scaleOutMet = harness.Rules.Any(r => r.Direction == ScaleDirection.Increase && r.Outcome == RuleOutcome.Met && r.ProposedCapacity > before);
                if (inRange && scaleOutMet && result.To < before)
                {
                    return false;
                }

                harness.Advance(TimeSpan.FromMinutes(1));
            }

            return true;
        }));

    [Test]
    public void RuleActions_NeverCloserThanTheCooldownOfThePreviousAction() =>
        Check.One(Config, Prop.ForAll(Scenarios().ToArbitrary(), scenario =>
        {
            var harness = new PolicyHarness(scenario.Profile, scenario.InitialCapacity);
            DateTimeOffset? cooldownEnd = null;
            foreach (var step in scenario.Steps)
            {
                var result = harness.Evaluate(step);
                var ruleDriven = result.Reason is ScaleReason.RuleScaleIn or ScaleReason.RuleScaleOut or ScaleReason.MissingDataDefault;
                if (result.To != result.From && ruleDriven)
                {
                    if (cooldownEnd is { } end && harness.Now < end)
                    {
                        return false;
                    }

                    cooldownEnd = harness.State.CooldownUntil;
                }

                harness.Advance(TimeSpan.FromMinutes(1));
            }

            return true;
        }));

    [Test]
    public void Evaluate_SameInputs_SameDecisions() =>
        Check.One(Config, Prop.ForAll(Scenarios().ToArbitrary(), scenario =>
            Run(scenario).SequenceEqual(Run(scenario))));

    [Test]
    public void TargetTracking_DesiredIsMonotoneInLoad() =>
        Check.One(Config, Prop.ForAll(
            Gen.Zip(Gen.Choose(1, 200), Gen.Zip(Gen.Choose(1, 1000), Gen.Choose(0, 1000))).ToArbitrary(),
            input =>
            {
                var (current, (target, load)) = input;
                var low = Desired(current, target, load);
                var high = Desired(current, target, load + 1);
                return high >= low;
            }));

    private static int Desired(int current, int target, int load)
    {
        var profile = Profiles.Profile(0, 1000, 0, Profiles.Target("m", target));
        profile.Rules[0].TargetTracking!.ScaleUp.Policies.Clear();
        profile.Rules[0].TargetTracking!.ScaleDown.Policies.Clear();
        profile.Rules[0].TargetTracking!.ScaleDown.StabilizationWindow = TimeSpan.Zero;
        return new PolicyHarness(profile, current).Evaluate(load).To;
    }

    private static List<PolicyResult> Run(Scenario scenario)
    {
        var harness = new PolicyHarness(scenario.Profile, scenario.InitialCapacity);
        var results = new List<PolicyResult>();
        foreach (var step in scenario.Steps)
        {
            results.Add(harness.Evaluate(step));
            harness.Advance(TimeSpan.FromMinutes(1));
        }

        return results;
    }

    private static Gen<Scenario> Scenarios() =>
        from minimum in Gen.Choose(0, 5)
        from span in Gen.Choose(0, 15)
        from defaultOffset in Gen.Choose(0, span)
        from rules in Rule().ListOf().Where(r => r.Count is >= 1 and <= 5)
        from initial in Gen.Choose(0, 25)
        from steps in Step(rules.Count).ListOf().Where(s => s.Count <= 40)
        select new Scenario(
            Profiles.Profile(minimum, minimum + span, minimum + defaultOffset, [.. rules]),
            initial,
            [.. steps]);

    private static Gen<double?[]> Step(int rules) =>
        Gen.Frequency(
            (9, Gen.Choose(0, 100).Select(v => (double?)v)),
            (1, Gen.Constant<double?>(null)))
        .ArrayOf(rules);

    private static Gen<ScaleRule> Rule() =>
        Gen.OneOf(ThresholdRule(), TargetRule(), StepRule());

    private static Gen<ScaleRule> ThresholdRule() =>
        from op in Gen.Elements(Enum.GetValues<ComparisonOperator>())
        from threshold in Gen.Choose(0, 100)
        from direction in Gen.Elements(ScaleDirection.Increase, ScaleDirection.Decrease)
        from type in Gen.Elements(Enum.GetValues<ScaleType>())
        from value in Gen.Choose(1, 10)
        from cooldown in Gen.Choose(1, 10)
        select Profiles.Threshold("m", op, threshold, direction, value, type, TimeSpan.FromMinutes(cooldown));

    private static Gen<ScaleRule> TargetRule() =>
        from target in Gen.Choose(10, 90)
        from disableScaleIn in Gen.Elements(true, false)
        select Profiles.Target("m", target, configure: p => p.DisableScaleIn = disableScaleIn);

    private static Gen<ScaleRule> StepRule() =>
        from threshold in Gen.Choose(20, 80)
        from up in Gen.Elements(true, false)
        from cooldown in Gen.Choose(1, 10)
        select WithCooldown(
            up
                ? Profiles.Steps("m", ComparisonOperator.GreaterThan, threshold, ScaleType.ChangeCount, (0, 10, 1), (10, null, 3))
                : Profiles.Steps("m", ComparisonOperator.LessThan, threshold, ScaleType.ChangeCount, (-10, 0, -1), (null, -10, -2)),
            cooldown);

    private static ScaleRule WithCooldown(ScaleRule rule, int minutes)
    {
        rule.StepScaling!.Cooldown = TimeSpan.FromMinutes(minutes);
        return rule;
    }

    internal sealed record Scenario(AutoscaleProfile Profile, int InitialCapacity, double?[][] Steps)
    {
        public override string ToString() =>
            $"capacity {Profile.Capacity.Minimum}..{Profile.Capacity.Maximum} default {Profile.Capacity.Default}, initial {InitialCapacity}, "
            + $"{Profile.Rules.Count} rules [{string.Join("; ", Profile.Rules.Select(Describe))}], steps [{string.Join(" | ", Steps.Select(s => string.Join(",", s.Select(v => v?.ToString() ?? "-"))))}]";

        private static string Describe(ScaleRule rule) => rule.Kind switch
        {
            ScaleRuleKind.TargetTracking => $"target {rule.TargetTracking!.TargetValue}",
            ScaleRuleKind.StepScaling => $"steps {rule.MetricTrigger.Operator} {rule.MetricTrigger.Threshold}",
            _ => $"{rule.MetricTrigger.Operator} {rule.MetricTrigger.Threshold} -> {rule.ScaleAction!.Direction} {rule.ScaleAction.Type} {rule.ScaleAction.Value} cd {rule.ScaleAction.Cooldown.TotalMinutes}",
        };
    }
}
