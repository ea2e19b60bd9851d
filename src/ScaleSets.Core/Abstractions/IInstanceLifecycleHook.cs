namespace ScaleSets.Abstractions;

/// <summary>
/// User code run around an instance's life: after it is created and before it is deleted (Azure's terminate
/// notification). Exceptions from a hook are reported as controller errors and do not stop the controller.
/// </summary>
public interface IInstanceLifecycleHook
{
    /// <summary>Called once after an instance was created and became healthy, before it is registered with the load balancer.</summary>
    /// <param name="instance">The instance.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    Task OnCreatedAsync(InstanceInfo instance, CancellationToken cancellationToken);

    /// <summary>
    /// Called once before an instance is deleted, after it left the load balancer. Return <see langword="true"/> to let the
    /// deletion go ahead now, or <see langword="false"/> to delay it until <paramref name="notBefore"/>.
    /// </summary>
    /// <param name="instance">The instance.</param>
    /// <param name="notBefore">When the instance is deleted at the latest.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>Whether the instance may be deleted at once.</returns>
    Task<bool> OnTerminatingAsync(InstanceInfo instance, DateTimeOffset notBefore, CancellationToken cancellationToken);
}
