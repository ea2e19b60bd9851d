using System.Globalization;

namespace ScaleSets.Control;

/// <summary>
/// A warm pool of pre-provisioned instances beside the scale set, as AWS EC2 Auto Scaling warm pools and Azure standby pools
/// keep them: created from the set's model, booted once, then kept in <see cref="PoolState"/>, so a scale-out starts one
/// instead of creating and booting a new instance. Pooled instances are counted apart from the set's capacity.
/// </summary>
/// <remarks>
/// <para>
/// The pool's size is <c>max(MinSize, MaxPreparedCapacity − desired capacity)</c> (AWS: "the maximum number of instances that
/// are allowed to be in the warm pool or in any state except Terminated"; Azure: pool size = max ready capacity − instances in
/// the scale set, at least min ready capacity). It is refilled in the background, after the set's own creates; a scale-out
/// takes prepared instances of the current model first, zone by zone, and creates the rest. Pooled instances of another model
/// version, or that fail to boot, to stop or to start, are deleted and replaced.
/// </para>
/// <para>
/// Deviation from AWS: without <see cref="MaxPreparedCapacity"/> AWS keeps the group's maximum size minus its desired capacity
/// prepared; here the pool then keeps <see cref="MinSize"/> instances, so a set whose maximum is the 1000-instance limit does
/// not prepare a thousand instances unless asked to. Hibernation (AWS <c>Hibernated</c>) is not offered: providers here have
/// no hibernate call.
/// </para>
/// </remarks>
public sealed class WarmPoolOptions
{
    /// <summary>Gets or sets a value indicating whether the scale set keeps a warm pool.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the fewest instances kept in the pool whatever the desired capacity (AWS <c>MinSize</c>, Azure min ready capacity).</summary>
    /// <value>The default is 0. Allowed: 0 to <see cref="ScaleSetControllerOptions.InstanceLimit"/>.</value>
    public int MinSize { get; set; }

    /// <summary>
    /// Gets or sets the most instances in the pool and in the set together (AWS <c>MaxGroupPreparedCapacity</c>, Azure max ready
    /// capacity): the pool holds this minus the desired capacity, at least <see cref="MinSize"/>.
    /// </summary>
    /// <value>The default is <see langword="null"/>: the pool holds <see cref="MinSize"/>. Allowed: 1 to <see cref="ScaleSetControllerOptions.InstanceLimit"/>, at least <see cref="MinSize"/>.</value>
    public int? MaxPreparedCapacity { get; set; }

    /// <summary>Gets or sets the state prepared instances wait in.</summary>
    /// <value>The default is <see cref="WarmPoolState.Stopped"/>.</value>
    public WarmPoolState PoolState { get; set; } = WarmPoolState.Stopped;

    /// <summary>
    /// Gets or sets a value indicating whether scale-in returns instances to the pool instead of deleting them (AWS
    /// <c>InstanceReusePolicy.ReuseOnScaleIn</c>), while the pool has room: the instance is drained and given its terminate
    /// notification as for a delete, then stopped (in <see cref="WarmPoolState.Stopped"/>) and kept. Only healthy instances of
    /// the current model are returned; the others are deleted.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool ReuseOnScaleIn { get; set; }

    /// <summary>Gets the pool's size for a desired capacity: <c>max(MinSize, MaxPreparedCapacity − desired)</c>, 0 when disabled.</summary>
    /// <param name="desiredCapacity">The set's desired capacity (0 when none is set yet).</param>
    /// <returns>How many instances the pool should hold.</returns>
    public int TargetSize(int desiredCapacity) =>
        !Enabled ? 0 : Math.Max(MinSize, MaxPreparedCapacity is { } max ? Math.Max(0, max - desiredCapacity) : 0);

    /// <summary>Adds every problem with these options to <paramref name="errors"/>, each naming the option under <c>WarmPool</c>.</summary>
    internal void Validate(List<string> errors)
    {
        if (MinSize < 0 || MinSize > ScaleSetControllerOptions.InstanceLimit)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"WarmPool.MinSize: {MinSize} is outside 0 to {ScaleSetControllerOptions.InstanceLimit}."));
        }

        if (MaxPreparedCapacity is { } max)
        {
            if (max < 1 || max > ScaleSetControllerOptions.InstanceLimit)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"WarmPool.MaxPreparedCapacity: {max} is outside 1 to {ScaleSetControllerOptions.InstanceLimit}."));
            }
            else if (max < MinSize)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"WarmPool.MaxPreparedCapacity: {max} is less than WarmPool.MinSize {MinSize}; the pool would always hold MinSize, so give a maximum of at least {MinSize} or none."));
            }
        }

        if (!Enum.IsDefined(PoolState))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"WarmPool.PoolState: {PoolState} is not a warm pool state (Stopped or Running)."));
        }

        if (Enabled && MinSize == 0 && MaxPreparedCapacity is null)
        {
            errors.Add("WarmPool: enabled with MinSize 0 and no MaxPreparedCapacity, so it would never hold an instance; set MinSize, MaxPreparedCapacity or both.");
        }
    }
}
