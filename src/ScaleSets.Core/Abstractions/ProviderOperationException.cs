namespace ScaleSets.Abstractions;

/// <summary>A whole call to a compute provider or load balancer failed.</summary>
public sealed class ProviderOperationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ProviderOperationException"/> class.</summary>
    public ProviderOperationException()
        : this("The provider operation failed.", OperationFailureKind.Permanent)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProviderOperationException"/> class with a permanent failure.</summary>
    /// <param name="message">What failed.</param>
    public ProviderOperationException(string message)
        : this(message, OperationFailureKind.Permanent)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProviderOperationException"/> class.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public ProviderOperationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failure = OperationFailureKind.Permanent;
    }

    /// <summary>Initializes a new instance of the <see cref="ProviderOperationException"/> class.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="failure">Whether retrying may help; must not be <see cref="OperationFailureKind.None"/>.</param>
    public ProviderOperationException(string message, OperationFailureKind failure)
        : base(message)
    {
        if (failure == OperationFailureKind.None)
        {
            throw new ArgumentOutOfRangeException(nameof(failure), failure, "A failure must be Transient or Permanent.");
        }

        Failure = failure;
    }

    /// <summary>Gets how the call failed.</summary>
    public OperationFailureKind Failure { get; }

    /// <summary>Gets a value indicating whether retrying the call may help.</summary>
    public bool IsTransient => Failure == OperationFailureKind.Transient;
}
