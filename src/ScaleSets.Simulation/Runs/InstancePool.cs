using ScaleSets.Simulation.Cloud;

namespace ScaleSets.Simulation.Runs;

/// <summary>
/// The instances of one simulated scale set, following <see cref="SimulatedCloud"/>'s provisioning model without its
/// per-call machinery: a created instance becomes ready <see cref="SimulatedCloudOptions.CreateLatency"/> +
/// <see cref="SimulatedCloudOptions.BootTime"/> + a uniform draw up to <see cref="SimulatedCloudOptions.BootTimeSpread"/>
/// after the desired capacity rose (the same draw function as the cloud's, keyed by the seed and the instance number),
/// a boot fails with <see cref="SimulatedCloudOptions.BootFailureRate"/> and the failed instance is then deleted and
/// replaced, as the controller's repair does; a scale-in removes booting instances first (the youngest first), then
/// ready ones, and a removed instance stops serving at once (connection draining is shorter than a step).
/// Allocation-free after the first steps: pending instances live in reused arrays.
/// </summary>
internal sealed class InstancePool
{
    private const int PurposeBoot = 2;
    private const int PurposeBootFailure = 5;

    private readonly SimulatedCloudOptions _options;
    private readonly string _key;
    private long[] _pendingReadyAt = new long[16];
    private bool[] _pendingFails = new bool[16];
    private int _pending;
    private long _created;

    public InstancePool(SimulatedCloudOptions options, string key, int ready)
    {
        _options = options;
        _key = key;
        Ready = ready;
    }

    /// <summary>Gets the instances serving load.</summary>
    public int Ready { get; private set; }

    /// <summary>Gets the instances created and not yet ready.</summary>
    public int Booting => _pending;

    /// <summary>Gets the instances paid for: ready and booting.</summary>
    public int Total => Ready + _pending;

    /// <summary>Gets the boots that failed.</summary>
    public long FailedBoots { get; private set; }

    /// <summary>Creates or deletes instances so that <see cref="Total"/> becomes <paramref name="desired"/>.</summary>
    public void SetDesired(int desired, long nowTicks)
    {
        while (Total < desired)
        {
            Create(nowTicks);
        }

        while (Total > desired)
        {
            if (_pending > 0)
            {
                var youngest = 0;
                for (var i = 1; i < _pending; i++)
                {
                    if (_pendingReadyAt[i] > _pendingReadyAt[youngest])
                    {
                        youngest = i;
                    }
                }

                RemovePending(youngest);
            }
            else
            {
                Ready--;
            }
        }
    }

    /// <summary>Moves every instance whose boot ended by <paramref name="nowTicks"/> to ready, or replaces it when its boot failed.</summary>
    public void Advance(long nowTicks)
    {
        var failed = 0;
        var i = 0;
        while (i < _pending)
        {
            if (_pendingReadyAt[i] > nowTicks)
            {
                i++;
                continue;
            }

            var fails = _pendingFails[i];
            RemovePending(i);
            if (fails)
            {
                failed++;
            }
            else
            {
                Ready++;
            }
        }

        // Replacements start after the scan, so a boot that fails instantly cannot loop within one step.
        FailedBoots += failed;
        for (var f = 0; f < failed; f++)
        {
            Create(nowTicks);
        }
    }

    private void Create(long nowTicks)
    {
        var number = _created++;
        var spread = DeterministicRandom.Unit(_options.Seed, _key, PurposeBoot, number);
        var readyAt = nowTicks + _options.CreateLatency.Ticks + _options.BootTime.Ticks + (long)(_options.BootTimeSpread.Ticks * spread);
        var fails = _options.BootFailureRate > 0 && DeterministicRandom.Unit(_options.Seed, _key, PurposeBootFailure, number) < _options.BootFailureRate;
        if (_pending == _pendingReadyAt.Length)
        {
            Array.Resize(ref _pendingReadyAt, _pending * 2);
            Array.Resize(ref _pendingFails, _pending * 2);
        }

        _pendingReadyAt[_pending] = readyAt;
        _pendingFails[_pending] = fails;
        _pending++;
    }

    private void RemovePending(int index)
    {
        _pending--;
        _pendingReadyAt[index] = _pendingReadyAt[_pending];
        _pendingFails[index] = _pendingFails[_pending];
    }
}
