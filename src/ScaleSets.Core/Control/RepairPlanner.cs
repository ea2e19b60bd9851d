using System.Globalization;

namespace ScaleSets.Control;

/// <summary>
/// Automatic repairs, as Azure's automatic instance repairs: an instance unhealthy for the grace period is replaced, restarted
/// or reimaged, at most one at a time below 20 instances and 5% of the set above; a repair whose instance is still unhealthy a
/// grace period later failed, and <see cref="AutomaticRepairOptions.MaxConsecutiveFailures"/> failures in a row suspend
/// repairs until <see cref="Resume"/>. Holds that state; <see cref="Plan"/> only reads instances.
/// </summary>
internal sealed class RepairPlanner
{
    private readonly AutomaticRepairOptions _options;
    private int _counter;

    public RepairPlanner(AutomaticRepairOptions options) => _options = options;

    public bool Suspended { get; private set; }

    public int ConsecutiveFailures { get; private set; }

    /// <summary>Gets the replacements created for repairs still owed: the next creates are the repairs' outcomes.</summary>
    public int PendingReplacements { get; private set; }

    /// <summary>Restores the state a controller before a restart saved.</summary>
    public void Restore(bool suspended, int consecutiveFailures)
    {
        Suspended = suspended;
        ConsecutiveFailures = consecutiveFailures;
    }

    /// <summary>Resumes suspended repairs; returns whether they were suspended.</summary>
    public bool Resume()
    {
        if (!Suspended)
        {
            return false;
        }

        Suspended = false;
        ConsecutiveFailures = 0;
        return true;
    }

    /// <summary>A pending repair's instance turned healthy.</summary>
    public void RecordSuccess() => ConsecutiveFailures = 0;

    /// <summary>Counts a failed repair into <paramref name="plan"/>; returns whether repairs are now suspended.</summary>
    public bool RecordFailure(ControllerPlan plan, TrackedInstance instance, string? cause, string message)
    {
        ConsecutiveFailures++;
        plan.Emit(ControllerEventKind.RepairFailed, instance, cause, message);
        if (ConsecutiveFailures < _options.MaxConsecutiveFailures)
        {
            return false;
        }

        Suspended = true;
        plan.Emit(ControllerEventKind.RepairsSuspended, instance, cause, string.Create(
            CultureInfo.InvariantCulture,
            $"automatic repairs suspended after {ConsecutiveFailures} failed repairs in a row; call ResumeRepairs once the cause is fixed"));
        return true;
    }

    /// <summary>A create made one of the replacements owed; returns whether there was one owed (the new instance is then a repair's outcome).</summary>
    public bool TakeReplacement()
    {
        if (PendingReplacements == 0)
        {
            return false;
        }

        PendingReplacements--;
        return true;
    }

    /// <summary>
    /// Instances awaiting their repair's outcome vanished: the instances created in their place are judged as those repairs'
    /// outcomes instead, so a repair that keeps producing instances that vanish still counts towards suspension, and one whose
    /// next instance turns healthy succeeds.
    /// </summary>
    public void OutcomesLost(int count) => PendingReplacements += count;

    /// <summary>The set is back at its desired count without them: no replacement is owed any more.</summary>
    public void ForgetReplacements() => PendingReplacements = 0;

    /// <summary>Plans this pass's repairs: removals (replace) into the plan, and the instances to restart or reimage.</summary>
    public List<TrackedInstance> Plan(IEnumerable<TrackedInstance> instances, DateTimeOffset now, ControllerPlan plan, InstanceCounts? counts = null)
    {
        var calls = new List<TrackedInstance>();

        // Candidates are unhealthy instances in service; the table's counts tell when there is none without a visit.
        if (!_options.Enabled || Suspended || counts is { } c && c.HealthyInService == c.InService)
        {
            return calls;
        }

        var (candidates, size, inFlight) = Candidates(instances, now);
        var limit = size < 20 ? 1 : Math.Max(1, size * 5 / 100);
        foreach (var t in candidates)
        {
            if (t.RepairPending)
            {
                // The last repair of this instance (or the instance created to replace one) did not make it healthy in time.
                plan.Set(PlanStepKind.ClearRepairPending, t);
                if (RecordFailure(plan, t, t.CauseId, $"{t.Info.Name} is still unhealthy a grace period after its repair"))
                {
                    break;
                }
            }

            if (inFlight >= limit)
            {
                break;
            }

            inFlight++;
            var cause = "repair-" + (++_counter).ToString(CultureInfo.InvariantCulture);
            var unhealthyFor = now - t.NotHealthySince!.Value;
            if (_options.Action == RepairAction.Replace)
            {
                plan.Remove(t, InstanceRemovalReason.Repair, cause, $"unhealthy for {unhealthyFor:c}");
                PendingReplacements++;
                plan.Emit(ControllerEventKind.InstanceRepaired, t, cause, $"replacing {t.Info.Name}, unhealthy for {unhealthyFor:c}");
            }
            else
            {
                plan.Set(PlanStepKind.SetCause, t, cause);
                calls.Add(t);
            }
        }

        return calls;
    }

    /// <summary>The instances due for repair, longest unhealthy first; the set's size and the repairs in flight.</summary>
    private (List<TrackedInstance> Candidates, int Size, int InFlight) Candidates(IEnumerable<TrackedInstance> instances, DateTimeOffset now)
    {
        var candidates = new List<TrackedInstance>();
        int size = 0, inFlight = 0;
        foreach (var t in instances)
        {
            if (t.Removal == InstanceRemovalReason.Repair)
            {
                inFlight++;
                continue;
            }

            if (t.IsRemoving)
            {
                continue;
            }

            size++;
            if (t.Healthy)
            {
                continue;
            }

            if (t.NotHealthySince + _options.GracePeriod <= now)
            {
                candidates.Add(t);
            }
            else if (t.RepairPending)
            {
                inFlight++;
            }
        }

        candidates.Sort((a, b) => a.NotHealthySince!.Value != b.NotHealthySince!.Value
            ? a.NotHealthySince.Value.CompareTo(b.NotHealthySince.Value)
            : a.Index.CompareTo(b.Index));
        return (candidates, size, inFlight);
    }
}
