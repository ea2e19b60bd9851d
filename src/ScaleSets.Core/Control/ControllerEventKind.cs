namespace ScaleSets.Control;

/// <summary>What a <see cref="ControllerEvent"/> reports.</summary>
public enum ControllerEventKind
{
    /// <summary>The desired capacity changed.</summary>
    CapacityChanged,

    /// <summary>The model changed.</summary>
    ModelChanged,

    /// <summary>An instance was created.</summary>
    InstanceCreated,

    /// <summary>A create failed (after retries, for transient failures).</summary>
    InstanceCreateFailed,

    /// <summary>An instance the controller did not create in this run was found and adopted.</summary>
    InstanceAdopted,

    /// <summary>An instance turned healthy.</summary>
    InstanceHealthy,

    /// <summary>An instance turned unhealthy.</summary>
    InstanceUnhealthy,

    /// <summary>An instance was added to the backend pool.</summary>
    InstanceRegistered,

    /// <summary>An instance started taking traffic.</summary>
    InstanceReady,

    /// <summary>An instance stopped taking new connections.</summary>
    InstanceDraining,

    /// <summary>An instance left the backend pool.</summary>
    InstanceRemovedFromPool,

    /// <summary>An instance was chosen for removal (scale-in, repair, upgrade, overprovisioning).</summary>
    InstanceRemovalStarted,

    /// <summary>The terminate notification hook was called for an instance.</summary>
    InstanceTerminating,

    /// <summary>An instance was deleted.</summary>
    InstanceDeleted,

    /// <summary>An instance vanished from the provider without the controller deleting it.</summary>
    InstanceLost,

    /// <summary>An instance was repaired (replaced, restarted or reimaged).</summary>
    InstanceRepaired,

    /// <summary>A repaired instance became healthy.</summary>
    RepairSucceeded,

    /// <summary>A repair failed.</summary>
    RepairFailed,

    /// <summary>Repairs were suspended after repeated failures.</summary>
    RepairsSuspended,

    /// <summary>Repairs were resumed.</summary>
    RepairsResumed,

    /// <summary>A rolling upgrade batch started.</summary>
    UpgradeBatchStarted,

    /// <summary>A rolling upgrade batch completed.</summary>
    UpgradeBatchCompleted,

    /// <summary>A rolling upgrade is waiting: too many instances are unhealthy.</summary>
    UpgradeBlocked,

    /// <summary>A rolling upgrade stopped: too many upgraded instances are unhealthy.</summary>
    UpgradeStopped,

    /// <summary>A rolling upgrade finished.</summary>
    UpgradeCompleted,

    /// <summary>A scale-out could not place instances (strict zone balance, every zone unavailable).</summary>
    ScaleOutBlocked,

    /// <summary>A pool member without an instance was removed.</summary>
    OrphanMemberRemoved,

    /// <summary>A controller's saved state (stopped upgrade, repair failures, suspension) was restored at its first pass.</summary>
    StateRestored,

    /// <summary>A call or hook failed.</summary>
    Error,

    /// <summary>An instance the provider reported stopped (stopped out of band) was started again.</summary>
    InstanceStarted,

    /// <summary>An instance's network address changed (a reboot with a new DHCP lease); its pool member is re-registered at the new address.</summary>
    InstanceAddressChanged,

    /// <summary>
    /// Another controller holds the scale set's lease (<see cref="IControllerLeaseStore"/>): this one does not act, and
    /// takes over when the lease expires. Reported when first seen and when the holder changes; the message names the holder.
    /// </summary>
    LeaseHeldElsewhere,

    /// <summary>This controller took the scale set's lease after another held it (or it expired), and acts from this pass on.</summary>
    LeaseAcquired,

    /// <summary>An instance was created for the warm pool (<see cref="WarmPoolOptions"/>); it is not part of the set's capacity.</summary>
    WarmPoolInstanceCreated,

    /// <summary>A warm-pool instance is prepared: booted once and stopped, or returned to the pool on scale-in.</summary>
    WarmPoolInstancePrepared,

    /// <summary>A scale-out took an instance from the warm pool instead of creating one: it joins the set and is started.</summary>
    WarmPoolInstanceTaken,

    /// <summary>A warm-pool instance was deleted (outdated model, broken, surplus) or vanished from the provider.</summary>
    WarmPoolInstanceRemoved,
}
