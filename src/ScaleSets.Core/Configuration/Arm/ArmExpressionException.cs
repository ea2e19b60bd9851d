namespace ScaleSets.Configuration.Arm;

/// <summary>A template expression that cannot be evaluated: a syntax error, an unknown function, a missing parameter.</summary>
internal sealed class ArmExpressionException : Exception
{
    public ArmExpressionException()
    {
    }

    public ArmExpressionException(string message)
        : base(message)
    {
    }

    public ArmExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
