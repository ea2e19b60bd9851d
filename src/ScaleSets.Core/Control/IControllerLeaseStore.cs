namespace ScaleSets.Control;

/// <summary>
/// Gives each scale set one owner among the controllers that share a state store: a lease with its holder and expiry,
/// renewed by the holder at every pass. A controller whose store implements this interface acts only while it holds the
/// lease; another one waits (reporting who holds it) and takes over when the lease expires, so two controllers started on
/// one set never fight over its capacity. A file store keeps a lock file; a database store keeps a row
/// (<c>INSERT … ON CONFLICT (scale_set) DO UPDATE … WHERE holder = @me OR expires_at &lt; now() RETURNING holder, expires_at</c>).
/// </summary>
public interface IControllerLeaseStore
{
    /// <summary>Takes the lease of a scale set, or renews it when <paramref name="holder"/> holds it already.</summary>
    /// <param name="scaleSetName">The scale set.</param>
    /// <param name="holder">Who asks (unique per controller: machine, process and instance).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The lease as it now stands: held by <paramref name="holder"/> (acquired or renewed) or by someone else until its expiry.</returns>
    Task<ControllerLease> AcquireAsync(string scaleSetName, string holder, CancellationToken cancellationToken);

    /// <summary>Gives the lease up, when <paramref name="holder"/> holds it, so another controller can take over at once.</summary>
    /// <param name="scaleSetName">The scale set.</param>
    /// <param name="holder">Who gives it up.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the lease is released (or was not held by <paramref name="holder"/>).</returns>
    Task ReleaseAsync(string scaleSetName, string holder, CancellationToken cancellationToken);
}
