namespace ScaleSets.HyperV.Scripting;

/// <summary>An error a script reported: PowerShell's message, FullyQualifiedErrorId and category.</summary>
/// <param name="Message">The error text.</param>
/// <param name="Id">The FullyQualifiedErrorId, for example <c>OutOfMemory,Microsoft.HyperV.PowerShell.Commands.StartVM</c>.</param>
/// <param name="Category">The error category, for example <c>ObjectNotFound</c>.</param>
internal sealed record ScriptError(string Message, string Id, string Category)
{
    /// <summary>Gets the error id up to its first comma (<c>OutOfMemory</c>).</summary>
    public string Head => Id.IndexOf(',', StringComparison.Ordinal) is var i and >= 0 ? Id[..i] : Id;

    public override string ToString() => string.IsNullOrEmpty(Id) ? Message : $"{Message} [{Id}]";
}
