namespace ScaleSets.HAProxy.Runtime;

/// <summary>Sends one line to HAProxy's Runtime API and returns everything it answers (the non-interactive mode).</summary>
internal interface IRuntimeApi
{
    /// <summary>Sends a command line (one command, or several separated by ';') and reads the answer until HAProxy closes.</summary>
    /// <param name="line">The line, without the trailing newline; validated by the caller.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer text.</returns>
    /// <exception cref="ScaleSets.Abstractions.ProviderOperationException">The socket could not be reached or did not answer in time.</exception>
    Task<string> SendAsync(string line, CancellationToken cancellationToken);
}
