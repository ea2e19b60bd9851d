using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>
/// The warm pool's side of a scale set's status (<see cref="ControllerStatus.WarmPool"/>): instances that exist at the provider
/// but are not part of the set, counted apart from its capacity and its instances.
/// </summary>
/// <param name="TargetSize">How many instances the pool should hold at the current desired capacity (<see cref="WarmPoolOptions.TargetSize"/>).</param>
/// <param name="Prepared">Instances ready to be taken by a scale-out: booted once and in the pool's state.</param>
/// <param name="Preparing">Instances still booting or stopping.</param>
/// <param name="Removing">Instances being deleted (outdated model, broken, surplus).</param>
/// <param name="Instances">Every pooled instance as the provider last reported it, ordered by id.</param>
public sealed record WarmPoolStatus(int TargetSize, int Prepared, int Preparing, int Removing, IReadOnlyList<InstanceInfo> Instances);
