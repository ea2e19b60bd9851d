using ScaleSets.HyperV.Runner;

namespace ScaleSets.HyperV.Tests.PowerShell;

/// <summary>Counts script runs by script name on the way to a real runner.</summary>
internal sealed class CountingRunner(IPowerShellRunner inner) : IPowerShellRunner
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int Count(string script)
    {
        lock (_counts)
        {
            return _counts.GetValueOrDefault(script);
        }
    }

    public Task<PowerShellResult> RunAsync(PowerShellScript script, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        lock (_counts)
        {
            _counts[script.Name] = _counts.GetValueOrDefault(script.Name) + 1;
        }

        return inner.RunAsync(script, arguments, cancellationToken);
    }

    public Task<PowerShellResult> RunWithInputAsync(PowerShellScript script, IReadOnlyList<string> arguments, string standardInput, CancellationToken cancellationToken)
    {
        lock (_counts)
        {
            _counts[script.Name] = _counts.GetValueOrDefault(script.Name) + 1;
        }

        return inner.RunWithInputAsync(script, arguments, standardInput, cancellationToken);
    }
}
